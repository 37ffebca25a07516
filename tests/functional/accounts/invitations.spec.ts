import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import Invitation from '#accounts/models/invitation'
import Membership from '#accounts/models/membership'
import User from '#accounts/models/user'
import AuditLog from '#accounts/models/audit_log'
import InvitationMail from '#accounts/mails/invitation_mail'
import { hashSecret } from '#accounts/secrets'
import { tenantContext } from '#tenancy/tenant_context'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { INSPECT } from '#tests/helpers/tenancy'

async function invite(client: any, owner: User, email: string, role = 'OPERATOR') {
  const { mails } = mail.fake()
  const response = await client
    .post('/app/users/invitations')
    .form({ email, role })
    .loginAs(owner)
    .withCsrfToken()
    .redirects(0)
  let url = ''
  mails.assertSent(InvitationMail, (sent) => {
    url = sent.url
    return sent.message.hasTo(email)
  })
  return { response, token: url.split('/invitations/')[1] }
}

function membershipOf(userId: number, tenantId: number) {
  return Membership.query({ withoutTenantScope: INSPECT })
    .where('user_id', userId)
    .where('tenant_id', tenantId)
    .first()
}

test.group('Invitations by e-mail', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('the invitation e-mail is rendered in the company language, with the link', async ({
    client,
    assert,
  }) => {
    const { user } = await createCompany('OWNER', { tradeName: 'Ferretería Sur' })
    const { mails } = mail.fake()
    await client
      .post('/app/users/invitations')
      .form({ email: 'lector@example.com', role: 'READONLY' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)

    mails.assertSent(InvitationMail, (sent) => {
      const message = sent.message.toJSON().message
      const html = String(message.html)
      const text = String(message.text)
      assert.equal(message.subject, `${user.fullName} te invita a Ferretería Sur en Facturo`)
      assert.include(html, '<html lang="es">')
      assert.include(html, 'Aceptar la invitación')
      assert.include(html, 'con el rol Solo lectura')
      assert.include(html, sent.url)
      assert.include(text, sent.url)
      assert.match(sent.url, /^http:\/\/localhost:\d+\/invitations\/[\w-]{43}$/)
      return true
    })
  })
})

test.group('Invitations by e-mail: accepting', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('an owner invites: the mail carries a link, the database only its hash', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const { response, token } = await invite(client, user, 'nueva@example.com', 'ADMIN')

    response.assertStatus(302)
    response.assertFlashMessage(
      'success',
      'Enviamos la invitación a nueva@example.com. El enlace vence en 7 días.'
    )
    const invitation = await Invitation.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    assert.equal(invitation.kind, 'email')
    assert.equal(invitation.role, 'ADMIN')
    assert.equal(invitation.tokenHash, hashSecret(token))
    assert.notInclude(JSON.stringify(invitation.$attributes), token)

    const audited = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('action', 'invitation.created')
      .firstOrFail()
    assert.equal(audited.userId, user.id)

    const page = await client.get('/app/users').loginAs(user).withInertia()
    const pending = page.inertiaProps.invitations as { email: string }[]
    assert.deepEqual(
      pending.map((item) => item.email),
      ['nueva@example.com']
    )
  })

  test('a new person creates an account from the link and joins', async ({ client, assert }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    const { token } = await invite(client, owner, 'nueva@example.com', 'OPERATOR')

    const show = await client.get(`/invitations/${token}`).withInertia()
    show.assertInertiaComponent('accounts/invitations/show')
    show.assertInertiaPropsContains({
      state: 'open',
      mode: 'register',
      invitation: { company: tenant.tradeName, email: 'nueva@example.com', role: 'OPERATOR' },
    })

    const response = await client
      .post(`/invitations/${token}/register`)
      .form({
        fullName: 'Nueva Persona',
        password: 'clave-nueva-2024',
        password_confirmation: 'clave-nueva-2024',
      })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/app')
    response.assertSession('activeTenantId', tenant.id)

    const created = await User.findByOrFail('email', 'nueva@example.com')
    response.assertSession('auth_web', created.id)
    assert.exists(created.emailVerifiedAt, 'the link proves the address')
    const membership = await membershipOf(created.id, tenant.id)
    assert.equal(membership?.role, 'OPERATOR')
    assert.isTrue(membership?.isDefault)

    const invitation = await Invitation.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    assert.exists(invitation.acceptedAt)
    assert.equal(invitation.acceptedByUserId, created.id)

    const second = await client.get(`/invitations/${token}`).withInertia()
    second.assertInertiaPropsContains({ state: 'used' })
  })

  test('an existing user signs in and accepts; the company joins their switcher', async ({
    client,
    assert,
  }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    const elsewhere = await createCompany('OWNER')
    const { token } = await invite(client, owner, elsewhere.user.email, 'READONLY')

    const guest = await client.get(`/invitations/${token}`).withInertia()
    guest.assertInertiaPropsContains({ mode: 'sign_in' })

    const signedIn = await client.get(`/invitations/${token}`).loginAs(elsewhere.user).withInertia()
    signedIn.assertInertiaPropsContains({ mode: 'accept' })

    const accepted = await client
      .post(`/invitations/${token}/accept`)
      .loginAs(elsewhere.user)
      .withCsrfToken()
      .redirects(0)
    accepted.assertStatus(302)
    accepted.assertSession('activeTenantId', tenant.id)
    accepted.assertFlashMessage('success', `Ahora formas parte de ${tenant.tradeName}.`)

    const membership = await membershipOf(elsewhere.user.id, tenant.id)
    assert.equal(membership?.role, 'READONLY')
    assert.isFalse(membership?.isDefault, 'their own company stays the default')

    const audited = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('action', 'invitation.accepted')
      .firstOrFail()
    assert.equal(audited.userId, elsewhere.user.id)
  })

  test('someone signed in as another person cannot take the invitation', async ({
    client,
    assert,
  }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    const intruder = await createUser()
    const { token } = await invite(client, owner, 'destinatario@example.com')

    const page = await client.get(`/invitations/${token}`).loginAs(intruder).withInertia()
    page.assertInertiaPropsContains({ mode: 'wrong_user' })

    const response = await client
      .post(`/invitations/${token}/accept`)
      .loginAs(intruder)
      .header('referer', `/invitations/${token}`)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage(
      'error',
      'Esta invitación es para destinatario@example.com. Cierra sesión e ingresa con esa cuenta para aceptarla.'
    )
    assert.isNull(await membershipOf(intruder.id, tenant.id))
  })

  test('an expired invitation says when it expired', async ({ client, assert }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    const { token } = await invite(client, owner, 'tarde@example.com')
    await Invitation.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .update({ expiresAt: DateTime.fromISO('2024-03-05T12:00:00Z').toJSDate() })

    const page = await client.get(`/invitations/${token}`).withInertia()
    page.assertInertiaPropsContains({ state: 'expired' })

    const response = await client
      .post(`/invitations/${token}/register`)
      .form({
        fullName: 'Tarde',
        password: 'clave-nueva-2024',
        password_confirmation: 'clave-nueva-2024',
      })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage(
      'error',
      'Esta invitación venció el 5 de marzo de 2024. Pide una nueva a quien te invitó.'
    )
    assert.isNull(await User.findBy('email', 'tarde@example.com'))
  })

  test('a tampered link is reported as invalid, never a 500', async ({ client }) => {
    const { user: owner } = await createCompany('OWNER')
    const { token } = await invite(client, owner, 'alguien@example.com')
    const tampered = `${token.slice(0, -3)}abc`

    const page = await client.get(`/invitations/${tampered}`).withInertia()
    page.assertStatus(200)
    page.assertInertiaPropsContains({ state: 'invalid' })

    const garbage = await client.get('/invitations/%27%20or%201=1').withInertia()
    garbage.assertInertiaPropsContains({ state: 'invalid' })

    const response = await client
      .post(`/invitations/${tampered}/register`)
      .form({
        fullName: 'X',
        password: 'clave-nueva-2024',
        password_confirmation: 'clave-nueva-2024',
      })
      .withCsrfToken()
      .redirects(0)
    response.assertFlashMessage(
      'error',
      'El enlace de invitación no es válido. Revisa que lo hayas copiado completo.'
    )
  })

  test('a revoked invitation stops working, and inviting again replaces the link', async ({
    client,
    assert,
  }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    const first = await invite(client, owner, 'dos-veces@example.com')
    const second = await invite(client, owner, 'dos-veces@example.com')

    const old = await client.get(`/invitations/${first.token}`).withInertia()
    old.assertInertiaPropsContains({ state: 'revoked' })

    const current = await Invitation.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('token_hash', hashSecret(second.token))
      .firstOrFail()
    const revoked = await client
      .delete(`/app/users/invitations/${current.id}`)
      .loginAs(owner)
      .withCsrfToken()
      .redirects(0)
    revoked.assertStatus(302)
    const page = await client.get(`/invitations/${second.token}`).withInertia()
    page.assertInertiaPropsContains({ state: 'revoked' })

    const audit = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('action', 'invitation.revoked')
    assert.lengthOf(audit, 1)
  })

  test('inviting an active member is refused next to the e-mail field', async ({ client }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    const member = await createUser()
    await addMember(tenant, member, 'OPERATOR')
    const response = await client
      .post('/app/users/invitations')
      .form({ email: member.email.toUpperCase(), role: 'ADMIN' })
      .loginAs(owner)
      .withCsrfToken()
      .redirects(0)
    response.assertValidationError('email', 'Esta persona ya es miembro activo de la empresa.')
  })

  test('an invitation cannot grant OWNER', async ({ client }) => {
    const { user: owner } = await createCompany('OWNER')
    const response = await client
      .post('/app/users/invitations')
      .form({ email: 'jefe@example.com', role: 'OWNER' })
      .loginAs(owner)
      .withCsrfToken()
      .redirects(0)
    response.assertHasValidationError('role')
  })
})

test.group('Join codes', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => mail.restore())

  async function createCode(client: any, owner: User, body: Record<string, unknown> = {}) {
    const response = await client
      .post('/app/users/join-codes')
      .json({ role: 'OPERATOR', expiresInDays: 7, ...body })
      .loginAs(owner)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const code = response.flashMessages()?.joinCode as string
    return code
  }

  test('the code is shown once and stored only as a hash', async ({ client, assert }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    const code = await createCode(client, owner)
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)

    // The redirect's next page reads the code from the flash messages…
    const page = await client
      .get('/app/users')
      .loginAs(owner)
      .withSession({ __flash__: { joinCode: code } })
      .withInertia()
    page.assertInertiaPropsContains({ newJoinCode: code })
    const stored = await Invitation.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    assert.equal(stored.kind, 'code')
    assert.equal(stored.tokenHash, hashSecret(code.replace(/-/g, '')))
    assert.equal(stored.codeHint, code.slice(-4))
    // …and no later page can show it again: it is not stored anywhere.
    const again = await client.get('/app/users').loginAs(owner).withInertia()
    assert.isNull(again.inertiaProps.newJoinCode)
  })

  test('a signed-in user joins with the code, typed loosely', async ({ client, assert }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    const other = await createCompany('OWNER')
    const code = await createCode(client, owner, { role: 'READONLY' })

    const response = await client
      .post('/join')
      .form({ code: ` ${code.toLowerCase().replace(/-/g, ' ')} ` })
      .loginAs(other.user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/app')
    response.assertSession('activeTenantId', tenant.id)

    const membership = await membershipOf(other.user.id, tenant.id)
    assert.equal(membership?.role, 'READONLY')
    const stored = await Invitation.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    assert.equal(stored.useCount, 1)
    const audited = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('action', 'join_code.used')
      .first()
    assert.exists(audited)
  })

  test('a new person creates an account with the code', async ({ client, assert }) => {
    const { mails } = mail.fake()
    const { tenant, user: owner } = await createCompany('OWNER')
    const code = await createCode(client, owner)

    const response = await client
      .post('/join/register')
      .form({
        code,
        fullName: 'Recién Llegada',
        email: 'recien@example.com',
        password: 'clave-nueva-2024',
        password_confirmation: 'clave-nueva-2024',
      })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    // Same answer as for an address that already has an account (see
    // tests/functional/security/throttling.spec.ts): check your e-mail, then sign in.
    response.assertHeader('location', '/login')
    response.assertFlashMessage(
      'success',
      'Revisa tu correo (recien@example.com): te enviamos las instrucciones para entrar a Facturo. Si acabas de crear tu cuenta, ya puedes iniciar sesión con tu contraseña.'
    )
    response.assertSessionMissing('auth_web')
    const created = await User.findByOrFail('email', 'recien@example.com')
    const joined = await membershipOf(created.id, tenant.id)
    assert.equal(joined?.role, 'OPERATOR')
    assert.isNull(created.emailVerifiedAt, 'a code does not prove the address')
    mails.assertSentCount(1)
  })

  test('a tampered code gets one clear message next to the field', async ({ client, assert }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    const code = await createCode(client, owner)
    const stranger = await createUser()
    const last = code.at(-1) === 'A' ? 'B' : 'A'

    for (const attempt of [`${code.slice(0, -1)}${last}`, 'ABCD', 'no-es-un-codigo!!']) {
      const response = await client
        .post('/join')
        .form({ code: attempt })
        .loginAs(stranger)
        .header('referer', '/join')
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
      response.assertHasValidationError('code')
    }
    const english = await client
      .post('/join')
      .form({ code: `${code.slice(0, -1)}${last}` })
      .loginAs(stranger)
      .header('accept-language', 'en')
      .withCsrfToken()
      .redirects(0)
    english.assertValidationError(
      'code',
      'The code is not valid. Check that you copied all of it without changing any character.'
    )
    assert.isNull(await membershipOf(stranger.id, tenant.id))
  })

  test('expired, revoked and used-up codes are refused with their reason', async ({ client }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    const stranger = await createUser()
    const expiredCode = await createCode(client, owner)
    await Invitation.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('code_hint', expiredCode.slice(-4))
      .update({ expiresAt: DateTime.now().minus({ days: 1 }).toJSDate() })
    const expired = await client
      .post('/join')
      .form({ code: expiredCode })
      .loginAs(stranger)
      .withCsrfToken()
      .redirects(0)
    expired.assertHasValidationError('code')

    const onceCode = await createCode(client, owner, { maxUses: 1 })
    const first = await createUser()
    await client.post('/join').form({ code: onceCode }).loginAs(first).withCsrfToken().redirects(0)
    const usedUp = await client
      .post('/join')
      .form({ code: onceCode })
      .loginAs(stranger)
      .withCsrfToken()
      .redirects(0)
    usedUp.assertValidationError('code', 'Esta invitación ya fue utilizada.')

    const revokedCode = await createCode(client, owner)
    const row = await Invitation.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('token_hash', hashSecret(revokedCode.replace(/-/g, '')))
      .firstOrFail()
    await client
      .delete(`/app/users/invitations/${row.id}`)
      .loginAs(owner)
      .withCsrfToken()
      .redirects(0)
    const revoked = await client
      .post('/join')
      .form({ code: revokedCode })
      .loginAs(stranger)
      .withCsrfToken()
      .redirects(0)
    revoked.assertValidationError(
      'code',
      'Esta invitación fue anulada por la empresa. Pide una nueva a quien te invitó.'
    )
  })

  test('a deactivated member cannot come back with a shared code', async ({ client, assert }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    const former = await createUser()
    const membership = await addMember(tenant, former, 'OPERATOR', { isActive: false })
    const code = await createCode(client, owner)

    const response = await client
      .post('/join')
      .form({ code })
      .loginAs(former)
      .withCsrfToken()
      .redirects(0)
    response.assertFlashMessage(
      'error',
      'Tu acceso a esta empresa fue desactivado. Pide a un administrador que te invite de nuevo.'
    )
    await tenantContext.run(tenant, () => membership.refresh())
    assert.isFalse(membership.isActive)
  })

  test('a guest on /join is offered the sign-up form', async ({ client }) => {
    const response = await client.get('/join?code=ABCD-EFGH-JKMN').withInertia()
    response.assertInertiaComponent('accounts/invitations/join')
    response.assertInertiaPropsContains({ code: 'ABCD-EFGH-JKMN', signedIn: false })
  })

  test('the sign-up through a code needs a strong password (the e-mail is never said to be taken)', async ({
    client,
  }) => {
    const { user: owner } = await createCompany('OWNER')
    const code = await createCode(client, owner)
    const taken = await createUser()
    const response = await client
      .post('/join/register')
      .form({
        code,
        fullName: 'X Y',
        email: taken.email,
        password: 'débil',
        password_confirmation: 'débil',
      })
      .withCsrfToken()
      .redirects(0)
    response.assertDoesNotHaveValidationError('email')
    response.assertHasValidationError('password')
  })
})
