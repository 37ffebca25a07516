import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { apiTokens } from '#api/tokens'
import { issuingGroup } from '#tests/helpers/invoicing'
import { nthCedula } from '#tests/helpers/catalog'
import { setPlan } from '#tests/helpers/billing'
import { createApiCompany, tokenFor, useApiLimits, expectStatus } from '#tests/helpers/api'

test.group('REST API: tokens, scopes, plans and rate limits', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('no token, a wrong one, a revoked one or an expired one: 401 with a stable code, in Spanish or English', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const none = await client.get('/api/v1/customers')
    none.assertStatus(401)
    assert.deepEqual(none.body(), {
      errors: [
        {
          code: 'unauthenticated',
          field: null,
          message:
            'Falta el token de acceso o no es válido (Authorization: Bearer <token>). Puede haber vencido o haber sido revocado.',
        },
      ],
    })
    const wrong = await client
      .get('/api/v1/customers')
      .bearerToken(company.token.slice(0, -2) + 'xx')
      .header('accept-language', 'en')
    wrong.assertStatus(401)
    assert.equal(
      wrong.body().errors[0].message,
      'The access token is missing or not valid (Authorization: Bearer <token>). It may have expired or been revoked.'
    )

    const expiring = await apiTokens.create(company.tenant, ['catalog:write'], {
      name: 'short',
      expiresIn: '1 day',
    })
    const secret = expiring.value!.release()
    await expectStatus(client.get('/api/v1/customers').bearerToken(secret), 200)
    await db
      .from('api_tokens')
      .where('id', String(expiring.identifier))
      .update({ expires_at: new Date(Date.now() - 1000) })
    const expired = await client.get('/api/v1/customers').bearerToken(secret)
    expired.assertStatus(401)
    assert.equal(expired.body().errors[0].code, 'unauthenticated')

    await apiTokens.deleteAll(company.tenant)
    const revoked = await client.get('/api/v1/customers').bearerToken(company.token)
    revoked.assertStatus(401)
  })

  test('a plan without API access gets 403 naming the plan', async ({ client, assert }) => {
    const company = await createApiCompany()
    await setPlan(company.tenant, 'profesional')
    const response = await client
      .get('/api/v1/customers')
      .bearerToken(company.token)
      .header('accept-language', 'en')
    response.assertStatus(403)
    assert.equal(response.body().errors[0].code, 'plan.no_api_access')
    assert.include(response.body().errors[0].message, 'Professional')
  })

  test('each route asks for its scope', async ({ client, assert }) => {
    const company = await createApiCompany()
    const readOnly = await tokenFor(company, ['documents:read'])
    const catalogOnly = await tokenFor(company, ['catalog:write'])

    const create = await client
      .post('/api/v1/customers')
      .bearerToken(readOnly)
      .json({ identificationType: '05', identification: '1710034065', legalName: 'Ana Pérez' })
    create.assertStatus(403)
    assert.equal(create.body().errors[0].code, 'missing_scope')
    assert.include(create.body().errors[0].message, 'catalog:write')

    const issue = await client.post('/api/v1/documents').bearerToken(readOnly).json({})
    issue.assertStatus(403)
    assert.equal(issue.body().errors[0].code, 'missing_scope')
    await expectStatus(client.get('/api/v1/documents').bearerToken(readOnly), 200)
    await expectStatus(client.get('/api/v1/customers').bearerToken(readOnly), 200)
    const documents = await client.get('/api/v1/documents').bearerToken(catalogOnly)
    documents.assertStatus(403)
    await expectStatus(
      client
        .post('/api/v1/customers')
        .bearerToken(catalogOnly)
        .json({ identificationType: '05', identification: '1710034065', legalName: 'Ana Pérez' }),
      201
    )
  })

  test('a token without scopes can do nothing', async ({ client }) => {
    const company = await createApiCompany()
    const nothing = await tokenFor(company, [] as never[])
    await expectStatus(client.get('/api/v1/customers').bearerToken(nothing), 403)
  })

  test('rate limit per token: RateLimit-* headers, then 429 with Retry-After', async ({
    client,
    assert,
    cleanup,
  }) => {
    cleanup(useApiLimits(3, 100))
    const company = await createApiCompany()
    const first = await client.get('/api/v1/customers').bearerToken(company.token)
    first.assertStatus(200)
    first.assertHeader('ratelimit-limit', '3')
    first.assertHeader('ratelimit-remaining', '2')
    assert.isAtLeast(Number(first.header('ratelimit-reset')), 1)
    await client.get('/api/v1/customers').bearerToken(company.token)
    const third = await client.get('/api/v1/customers').bearerToken(company.token)
    third.assertHeader('ratelimit-remaining', '0')
    const refused = await client.get('/api/v1/customers').bearerToken(company.token)
    refused.assertStatus(429)
    assert.equal(refused.body().errors[0].code, 'rate_limited_token')
    assert.isAtLeast(Number(refused.header('retry-after')), 1)
    refused.assertHeader('ratelimit-remaining', '0')

    // Another token of the same company has its own allowance.
    const other = await tokenFor(company, ['catalog:write'])
    await expectStatus(client.get('/api/v1/customers').bearerToken(other), 200)
  })

  test('rate limit per company: all its tokens share one allowance; other companies are not affected', async ({
    client,
    assert,
    cleanup,
  }) => {
    cleanup(useApiLimits(10, 3))
    const company = await createApiCompany()
    const second = await tokenFor(company, ['catalog:write'])
    await expectStatus(client.get('/api/v1/customers').bearerToken(company.token), 200)
    await expectStatus(client.get('/api/v1/customers').bearerToken(company.token), 200)
    const third = await client.get('/api/v1/customers').bearerToken(second)
    third.assertStatus(200)
    // The company's window is the tighter one: its figures are the ones reported.
    third.assertHeader('ratelimit-limit', '3')
    third.assertHeader('ratelimit-remaining', '0')
    const refused = await client.get('/api/v1/customers').bearerToken(second)
    refused.assertStatus(429)
    assert.equal(refused.body().errors[0].code, 'rate_limited_company')

    const neighbour = await createApiCompany()
    await expectStatus(client.get('/api/v1/customers').bearerToken(neighbour.token), 200)
  })

  test('the token records when it was last used: once a minute, and never for a wrong secret', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const lastUsed = async () => {
      const [token] = await apiTokens.all(company.tenant)
      return token.lastUsedAt
    }
    assert.isNull(await lastUsed())

    // The right id with a wrong secret is refused and leaves no trace.
    const forged = await client
      .get('/api/v1/customers')
      .bearerToken(company.token.slice(0, -2) + 'xx')
    forged.assertStatus(401)
    assert.isNull(await lastUsed())

    await expectStatus(client.get('/api/v1/customers').bearerToken(company.token), 200)
    const first = await lastUsed()
    assert.instanceOf(first, Date)
    await expectStatus(client.get('/api/v1/customers').bearerToken(company.token), 200)
    assert.equal((await lastUsed())!.getTime(), first!.getTime())

    // A minute later the next call writes it again.
    await db
      .from('api_tokens')
      .where('tokenable_id', company.tenant.id)
      .update({ last_used_at: new Date(first!.getTime() - 61_000) })
    await expectStatus(client.get('/api/v1/customers').bearerToken(company.token), 200)
    assert.isAbove((await lastUsed())!.getTime(), first!.getTime())
  })

  test('an API request gets no session, no CSRF secret and no cookie, and keeps the browser headers that apply', async ({
    client,
    assert,
  }) => {
    const company = await createApiCompany()
    const read = await client.get('/api/v1/customers').bearerToken(company.token)
    read.assertStatus(200)
    const written = await client
      .post('/api/v1/customers')
      .bearerToken(company.token)
      .header('idempotency-key', 'no-session-1')
      .json({ identificationType: '05', identification: nthCedula(903), legalName: 'Sin sesión' })
    written.assertStatus(201)
    for (const response of [read, written]) {
      assert.isUndefined(response.header('set-cookie'))
      assert.equal(response.header('x-content-type-options'), 'nosniff')
      assert.equal(response.header('x-frame-options'), 'DENY')
      assert.isUndefined(response.header('content-security-policy'))
    }
    // The API's reference is a page: it keeps the session cookie and the CSP.
    const reference = await client.get('/api/docs')
    reference.assertStatus(200)
    assert.exists(reference.header('set-cookie'))
    assert.include(reference.header('content-security-policy'), "default-src 'self'")
  })
})
