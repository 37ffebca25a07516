import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import testUtils from '@adonisjs/core/services/test_utils'
import Invitation from '#accounts/models/invitation'
import { audit } from '#accounts/audit/audit_service'
import { hashSecret, newLinkToken } from '#accounts/secrets'
import { tenantContext } from '#tenancy/tenant_context'
import { createCompany, createUser } from '#tests/helpers/accounts'

/**
 * Every accounts page rendered on the server (SSR) as a browser gets it:
 * status 200 and its Spanish text inside the app root, so a broken template
 * shows up here and not in front of a user.
 */
function rootText(html: string) {
  return html.slice(html.indexOf('<div id="app"'))
}

test.group('Accounts pages render on the server', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('public pages', async ({ client, assert }) => {
    const token = newLinkToken()
    const { tenant, membership } = await createCompany('OWNER', { tradeName: 'Librería Central' })
    await tenantContext.run(tenant, () =>
      Invitation.create({
        kind: 'email',
        email: 'lectora@example.com',
        role: 'READONLY',
        tokenHash: hashSecret(token),
        invitedByMembershipId: membership.id,
        expiresAt: DateTime.now().plus({ days: 7 }),
      })
    )

    const pages: [string, string][] = [
      ['/register', 'Crea la cuenta de tu empresa'],
      ['/login', 'Inicia sesión'],
      ['/forgot-password', 'Recupera tu contraseña'],
      ['/reset-password/no-existe', 'Este enlace no es válido o ya venció'],
      ['/verify-email/no-existe', 'Este enlace de confirmación no es válido'],
      [`/invitations/${token}`, 'Invitación a Librería Central'],
      ['/invitations/no-existe', 'El enlace de invitación no es válido'],
      ['/join', 'Únete con un código'],
    ]
    for (const [url, text] of pages) {
      const response = await client.get(url)
      response.assertStatus(200)
      assert.include(rootText(response.text()), text, url)
    }
  })

  test('signed-in pages', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER', { tradeName: 'Librería Central' })
    await audit.record({ tenantId: tenant.id, userId: user.id }, 'join_code.created')
    const admin = await createUser({ isSuperAdmin: true })
    const lonely = await createUser()

    const pages: [string, typeof user, string][] = [
      ['/app', user, 'Todavía no has emitido comprobantes'],
      ['/app/users', user, 'Invitar por correo'],
      ['/app/audit', user, 'Código de acceso creado'],
      ['/admin/companies', admin, 'Librería Central'],
      ['/no-company', lonely, 'Aún no perteneces a ninguna empresa'],
    ]
    for (const [url, who, text] of pages) {
      const response = await client.get(url).loginAs(who)
      response.assertStatus(200)
      assert.include(rootText(response.text()), text, url)
    }
  })

  test('the English pages follow the language switch', async ({ client, assert }) => {
    const { user } = await createCompany('OWNER')
    const response = await client.get('/app/users').loginAs(user).withSession({ locale: 'en' })
    assert.include(rootText(response.text()), 'Invite by e-mail')
  })
})
