/*
 * The sign-up form's RUC lookup, before the company exists: the adapter asks
 * with the platform's own PAC tokens (its configuration; here the HKA
 * simulator), checks the DV locally first, and the public endpoint is
 * rate-limited per client address.
 */
import { test } from '@japa/runner'
import limiter from '@adonisjs/limiter/services/main'
import testUtils from '@adonisjs/core/services/test_utils'
import tax from '#adapters/core/services/tax'
import { PanamaAuthority } from '#adapters/panama_hka/panama_authority'
import { startHkaSimulator, type HkaSimulator } from '#adapters/panama_hka/simulator/server'
import { TAXPAYER_LOOKUP_LIMITS } from '#start/limiter'

const LOOKUP = '/register/lookup-taxpayer'

test.group('Sign-up | RUC lookup on the platform’s behalf', (group) => {
  let simulator: HkaSimulator
  const lookups = () => simulator.stats.calls.ConsultarRucDV
  const withPlatformTokens = () =>
    new PanamaAuthority({
      demoUrl: simulator.serviceUrl,
      timeoutMs: 1_500,
      platformLookup: {
        tokens: { tokenEmpresa: 'plataforma', tokenPassword: 'plataforma' },
        environment: 'test',
      },
    })

  group.setup(async () => {
    simulator = await startHkaSimulator({ port: 0 })
    return async () => {
      await simulator.close()
    }
  })
  group.each.setup(() => {
    simulator.reset()
    tax.fake('PA', withPlatformTokens())
    return testUtils.db().withGlobalTransaction()
  })
  group.each.teardown(async () => {
    const authority = tax.use('PA')
    tax.restore('PA')
    await authority.close()
    await limiter.clear()
  })

  test('fills the company’s legal name and DV, and says whether it is affiliated', async ({
    client,
    assert,
  }) => {
    const response = await client
      .post(LOOKUP)
      .json({ country: 'PA', taxId: '155596713-2-2015' })
      .withCsrfToken()
    response.assertStatus(200)
    response.assertBodyContains({
      status: 'found',
      checkDigits: '59',
      legalName: 'THE FACTORY HKA CORP',
      electronicInvoicing: true,
    })
    assert.equal(lookups(), 1)
  })

  test('a wrong DV is caught locally, with no request to the PAC', async ({ client, assert }) => {
    const response = await client
      .post(LOOKUP)
      .json({ country: 'PA', taxId: '155596713-2-2015', checkDigits: '95' })
      .withCsrfToken()
    response.assertBodyContains({ status: 'invalid' })
    assert.equal(response.body().errors[0].field, 'checkDigits')
    assert.equal(lookups(), 0)
  })

  test('without platform tokens the lookup says so and asks nothing', async ({
    client,
    assert,
  }) => {
    const authority = tax.use('PA')
    tax.restore('PA')
    await authority.close()
    tax.fake('PA', new PanamaAuthority({ demoUrl: simulator.serviceUrl, timeoutMs: 1_500 }))
    const response = await client
      .post(LOOKUP)
      .json({ country: 'PA', taxId: '155596713-2-2015' })
      .withCsrfToken()
    response.assertBodyContains({ status: 'refused' })
    assert.include(response.body().message, 'no está configurada')
    assert.equal(lookups(), 0)
  })

  test('a country without the service, and an unknown country', async ({ client }) => {
    const ecuador = await client
      .post(LOOKUP)
      .json({ country: 'EC', taxId: '1790012345001' })
      .withCsrfToken()
    ecuador.assertBodyContains({ status: 'unavailable' })
    const unknown = await client
      .post(LOOKUP)
      .json({ country: 'ZZ', taxId: '1' })
      .header('accept', 'application/json')
      .withCsrfToken()
    unknown.assertStatus(422)
  })

  test('rate-limited per client address: over the limit, 429 and no request to the PAC', async ({
    client,
    assert,
  }) => {
    const perMinute = TAXPAYER_LOOKUP_LIMITS[0].requests
    for (let attempt = 0; attempt < perMinute; attempt++) {
      const response = await client
        .post(LOOKUP)
        .json({ country: 'PA', taxId: '155596713-2-2015' })
        .withCsrfToken()
      response.assertStatus(200)
    }
    const refused = await client
      .post(LOOKUP)
      .json({ country: 'PA', taxId: '155596713-2-2015' })
      .withCsrfToken()
    refused.assertStatus(429)
    refused.assertBodyContains({ status: 'throttled' })
    assert.match(refused.body().message, /Espere \d+ segundos/)
    assert.equal(lookups(), perMinute)
  })

  test('the sign-up page offers the lookup for the countries whose adapter has it', async ({
    client,
  }) => {
    const page = await client.get('/register').withInertia()
    page.assertInertiaPropsContains({
      countries: [
        { code: 'EC', taxpayerLookup: false },
        { code: 'PA', taxpayerLookup: true },
      ],
    })
  })
})
