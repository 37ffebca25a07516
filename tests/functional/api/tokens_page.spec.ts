import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import AuditLog from '#accounts/models/audit_log'
import { addMember, createUser } from '#tests/helpers/accounts'
import { issuingGroup } from '#tests/helpers/invoicing'
import { setPlan } from '#tests/helpers/billing'
import { INSPECT } from '#tests/helpers/tenancy'
import { createApiCompany, expectStatus } from '#tests/helpers/api'

test.group('REST API: the token settings page', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an owner creates a token, sees its secret once, and it works; only its hash is stored; audited', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const created = await client
      .post('/app/settings/api')
      .loginAs(company.user)
      .withCsrfToken()
      .json({ name: 'Caja de la tienda', scopes: ['documents:write'], expiresInDays: 30 })
      .redirects(0)
    created.assertStatus(302)
    created.assertHeader('location', '/app/settings/api')
    const fresh = created.flashMessages().newApiToken as { name: string; value: string }
    assert.equal(fresh.name, 'Caja de la tienda')
    assert.match(fresh.value, /^fct_/)

    // The secret works, with its scopes only.
    await expectStatus(client.get('/api/v1/documents').bearerToken(fresh.value), 200)
    await expectStatus(client.post('/api/v1/customers').bearerToken(fresh.value).json({}), 403)

    const rows = await db
      .from('api_tokens')
      .where('tokenable_id', company.tenant.id)
      .where('name', 'Caja de la tienda')
    assert.lengthOf(rows, 1)
    assert.notInclude(JSON.stringify(rows[0]), fresh.value.split('.').pop()!)
    assert.equal(rows[0].created_by, company.user.id)
    assert.isNotNull(rows[0].expires_at)

    // The list shows it with its last use, never the secret again.
    const page = await client.get('/app/settings/api').loginAs(company.user).withInertia()
    page.assertStatus(200)
    page.assertInertiaComponent('api/tokens')
    const props = page.inertiaProps as any
    assert.isNull(props.newToken)
    const listed = props.tokens.find(
      (token: { name: string }) => token.name === 'Caja de la tienda'
    )
    assert.deepInclude(listed, { scopes: ['documents:write'], expired: false })
    assert.isString(listed.lastUsedAt)
    assert.notInclude(JSON.stringify(props), fresh.value)

    const revoked = await client
      .delete(`/app/settings/api/${listed.id}`)
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    revoked.assertStatus(302)
    await expectStatus(client.get('/api/v1/documents').bearerToken(fresh.value), 401)

    const audit = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', company.tenant.id)
      .whereIn('action', ['api_token.created', 'api_token.revoked'])
      .orderBy('id')
    assert.deepEqual(
      audit.map((row) => [row.action, row.userId]),
      [
        ['api_token.created', company.user.id],
        ['api_token.revoked', company.user.id],
      ]
    )
    assert.notInclude(JSON.stringify(audit.map((row) => row.serialize())), fresh.value)
  })

  test('a token needs a name and a known scope (messages per field)', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const response = await client
      .post('/app/settings/api')
      .loginAs(company.user)
      .withCsrfToken()
      .header('referer', '/app/settings/api')
      .json({ name: '', scopes: ['everything'] })
      .redirects(0)
    response.assertStatus(302)
    const errors = response.flashMessages().inputErrorsBag
    assert.properties(errors, ['name', 'scopes.0'])

    // No scope and a blank name: said in the page's language with the field's label.
    for (const [language, expected] of [
      ['es', ['Completa el campo nombre.', 'Elige al menos una opción en alcances.']],
      ['en', ['Fill in the name field.', 'Choose at least one option for scopes.']],
    ] as const) {
      const empty = await client
        .post('/app/settings/api')
        .loginAs(company.user)
        .withCsrfToken()
        .header('referer', '/app/settings/api')
        .header('accept-language', language)
        .json({ name: '   ', scopes: [] })
        .redirects(0)
      empty.assertStatus(302)
      const bag = empty.flashMessages().inputErrorsBag as Record<string, string[]>
      assert.deepEqual([bag.name[0], bag.scopes[0]], [...expected])
    }
    const count = await db
      .from('api_tokens')
      .where('tokenable_id', company.tenant.id)
      .count('* as n')
    assert.equal(Number(count[0].n), 1)
  })

  test('operators and read-only members cannot manage tokens; another company token id is 404', async ({
    client,
  }) => {
    const company = await createApiCompany()
    const operator = await createUser()
    await addMember(company.tenant, operator, 'OPERATOR')
    await expectStatus(client.get('/app/settings/api').loginAs(operator), 403)

    const other = await createApiCompany()
    const [otherToken] = await db.from('api_tokens').where('tokenable_id', other.tenant.id)
    const response = await client
      .delete(`/app/settings/api/${otherToken.id}`)
      .loginAs(company.user)
      .withCsrfToken()
    response.assertStatus(404)
  })

  test('a plan without API access sees the page with a notice', async ({ client, assert }) => {
    const company = await createApiCompany()
    await setPlan(company.tenant, 'basico')
    const page = await client.get('/app/settings/api').loginAs(company.user).withInertia()
    page.assertStatus(200)
    assert.isFalse((page.inertiaProps as any).apiAccess)
  })
})
