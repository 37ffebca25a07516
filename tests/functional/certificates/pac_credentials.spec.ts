import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import AuditLog from '#accounts/models/audit_log'
import PacCredential from '#certificates/models/pac_credential'
import VaultSecret from '#certificates/models/vault_secret'
import { loadPacTokens } from '#certificates/pac/pac_tokens'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { createEcuadorCompany } from '#tests/helpers/certificates'
import { INSPECT } from '#tests/helpers/tenancy'

const PAGE = '/app/settings/certificates'

function save(client: any, user: any, environment: string, body: Record<string, string>) {
  return client
    .put(`${PAGE}/pac/${environment}`)
    .loginAs(user)
    .withCsrfToken()
    .redirects(0)
    .header('referer', PAGE)
    .form(body)
}

test.group('PAC credentials (Panama)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('tokens are sealed per environment and pages only learn that they exist', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER', { country: 'PA' })
    const tokens = { tokenEmpresa: 'tkn-EMPRESA-7f3a91', tokenPassword: 'tkn-PASS-c0ffee42' }

    const response = await save(client, user, 'test', tokens)
    response.assertStatus(302)
    response.assertHeader('location', PAGE)
    assert.equal(
      response.flashMessages().success,
      'Credenciales del PAC para el ambiente de pruebas guardadas de forma cifrada.'
    )

    const row = await PacCredential.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    assert.equal(row.environment, 'test')
    const secret = await VaultSecret.query({ withoutTenantScope: INSPECT })
      .where('id', row.secretId)
      .firstOrFail()
    assert.equal(secret.purpose, 'pac.test')
    assert.notInclude(secret.ciphertext.toString('latin1'), 'tkn-')

    assert.deepEqual(await loadPacTokens(tenant.id, 'test'), tokens)
    assert.isNull(await loadPacTokens(tenant.id, 'production'))

    const page = await client.get(PAGE).loginAs(user).withInertia()
    page.assertInertiaComponent('certificates/pac')
    const credentials = page.inertiaProps.credentials as Array<Record<string, unknown>>
    assert.deepEqual(
      credentials.map((item) => [item.environment, item.configured]),
      [
        ['test', true],
        ['production', false],
      ]
    )
    assert.notInclude(JSON.stringify(page.inertiaProps), 'tkn-')

    // Replacing keeps one row and one secret for the environment.
    await save(client, user, 'test', { tokenEmpresa: 'nuevo-empresa', tokenPassword: 'nuevo-pass' })
    assert.lengthOf(
      await VaultSecret.query({ withoutTenantScope: INSPECT }).where('tenant_id', tenant.id),
      1
    )
    assert.deepEqual(await loadPacTokens(tenant.id, 'test'), {
      tokenEmpresa: 'nuevo-empresa',
      tokenPassword: 'nuevo-pass',
    })

    const audits = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('action', 'pac.credentials_saved')
    assert.lengthOf(audits, 2)
    assert.notInclude(JSON.stringify(audits.map((item) => item.after)), 'tkn-')
  })

  test('bad tokens get a message and are not kept in the session', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER', { country: 'PA' })
    const response = await save(client, user, 'production', {
      tokenEmpresa: 'tkn-secreto-largo',
      tokenPassword: '',
    })
    response.assertStatus(302)
    const flashed = response.flashMessages()
    assert.equal(flashed.errorsBag['production.tokenPassword'], 'Completa el campo token password.')
    assert.notInclude(JSON.stringify(flashed), 'tkn-secreto-largo')
    assert.lengthOf(
      await PacCredential.query({ withoutTenantScope: INSPECT }).where('tenant_id', tenant.id),
      0
    )
  })

  test('Ecuador companies and operators cannot touch PAC credentials', async ({ client }) => {
    const ecuador = await createEcuadorCompany('OWNER')
    const tokens = { tokenEmpresa: 'abcd1234', tokenPassword: 'abcd1234' }
    const fromEcuador = await save(client, ecuador.user, 'test', tokens)
    fromEcuador.assertStatus(403)

    const { tenant } = await createCompany('OWNER', { country: 'PA' })
    const operator = await createUser()
    await addMember(tenant, operator, 'OPERATOR', { isDefault: true })
    const fromOperator = await save(client, operator, 'test', tokens)
    fromOperator.assertStatus(403)
    const unknownEnvironment = await client
      .put(`${PAGE}/pac/staging`)
      .loginAs(operator)
      .withCsrfToken()
    unknownEnvironment.assertStatus(404)
  })
})
