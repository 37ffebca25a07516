/*
 * "Consultar RUC" in the customer form, against the HKA simulator: the
 * company's own tokens, the adapter's local DV check before any request,
 * and a clear answer for every outcome (found and affiliated or not, wrong
 * DV, not found, PAC unreachable, tokens missing with the way to load them
 * for those who may). The endpoint works inside the company of the request.
 */
import { test } from '@japa/runner'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { hkaGroup, istmo } from '#tests/helpers/panama'

const LOOKUP = '/app/customers/lookup-taxpayer'

test.group('Customer form | taxpayer lookup (HKA simulator)', (group) => {
  const hka = hkaGroup(group)
  const lookups = () => hka.simulator.stats.calls.ConsultarRucDV

  test('fills the legal name and DV and says whether the RUC is affiliated to FE', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    const found = await client
      .post(LOOKUP)
      .json({ taxId: '155596713-2-2015' })
      .loginAs(company.owner)
      .withCsrfToken()
    found.assertStatus(200)
    found.assertBodyContains({
      status: 'found',
      taxId: '155596713-2-2015',
      checkDigits: '59',
      legalName: 'THE FACTORY HKA CORP',
      electronicInvoicing: true,
    })
    assert.include(found.body().message, 'está afiliado a la facturación electrónica')

    const natural = await client
      .post(LOOKUP)
      .json({ taxId: '8-274-125', taxpayerType: '1' })
      .loginAs(company.owner)
      .withCsrfToken()
    natural.assertBodyContains({ status: 'found', checkDigits: '91', electronicInvoicing: false })
    assert.include(natural.body().message, 'no está afiliado')
    assert.equal(lookups(), 2)
  })

  test('a wrong DV is caught locally: no SOAP call', async ({ client, assert }) => {
    const company = await istmo()
    const response = await client
      .post(LOOKUP)
      .json({ taxId: '155596713-2-2015', checkDigits: '58' })
      .loginAs(company.owner)
      .withCsrfToken()
    response.assertStatus(200)
    assert.equal(response.body().status, 'invalid')
    assert.equal(response.body().errors[0].field, 'checkDigits')
    assert.match(response.body().message, /DV|dígito/i)
    assert.equal(lookups(), 0)
  })

  test('not found, PAC unreachable, and an empty request', async ({ client, assert }) => {
    const company = await istmo()
    const ask = () =>
      client.post(LOOKUP).json({ taxId: '155596713-2-2015' }).loginAs(company.owner).withCsrfToken()

    await hka.simulator.setFault({ mode: 'ruc_not_found', times: 1 })
    const missing = await ask()
    missing.assertBodyContains({ status: 'not_found' })
    assert.include(missing.body().message, 'no encontró el contribuyente 155596713-2-2015')

    await hka.simulator.setFault({ mode: 'down', operation: 'ConsultarRucDV', times: 1 })
    const down = await ask()
    down.assertStatus(200)
    down.assertBodyContains({ status: 'unreachable' })
    assert.include(down.body().message, 'Intente de nuevo')

    const empty = await client
      .post(LOOKUP)
      .json({ taxId: '  ' })
      .header('accept', 'application/json')
      .loginAs(company.owner)
      .withCsrfToken()
    empty.assertStatus(422)
  })

  test('tokens missing: a clear message, the credentials link only for who may load them', async ({
    client,
    assert,
  }) => {
    const { tenant, user: owner } = await createCompany('OWNER', { country: 'PA' })
    const operator = await createUser()
    await addMember(tenant, operator, 'OPERATOR', { isDefault: true })

    const asOwner = await client
      .post(LOOKUP)
      .json({ taxId: '155596713-2-2015' })
      .loginAs(owner)
      .withCsrfToken()
    asOwner.assertBodyContains({
      status: 'credentials_missing',
      credentialsUrl: '/app/settings/certificates',
    })
    assert.include(asOwner.body().message, 'credenciales del PAC')

    const asOperator = await client
      .post(LOOKUP)
      .json({ taxId: '155596713-2-2015' })
      .loginAs(operator)
      .withCsrfToken()
    asOperator.assertBodyContains({ status: 'credentials_missing', credentialsUrl: null })

    // The DV is still checked first, tokens or not.
    const wrong = await client
      .post(LOOKUP)
      .json({ taxId: '155596713-2-2015', checkDigits: '11' })
      .loginAs(owner)
      .withCsrfToken()
    wrong.assertBodyContains({ status: 'invalid' })
    assert.equal(lookups(), 0)
  })

  test('tenant scoping: another company’s tokens are never used, its subdomain answers 404', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    // A member of a Panama company without tokens, who is not in Istmo.
    const stranger = await createCompany('OWNER', { country: 'PA' })
    const own = await client
      .post(LOOKUP)
      .json({ taxId: '155596713-2-2015' })
      .loginAs(stranger.user)
      .withCsrfToken()
    own.assertBodyContains({ status: 'credentials_missing' })

    const viaSession = await client
      .post(LOOKUP)
      .json({ taxId: '155596713-2-2015' })
      .loginAs(stranger.user)
      .withSession({ activeTenantId: company.tenant.id })
      .withCsrfToken()
    // A stale choice falls back to the user's own company, never to Istmo's tokens.
    viaSession.assertBodyContains({ status: 'credentials_missing' })

    const viaSubdomain = await client
      .post(LOOKUP)
      .json({ taxId: '155596713-2-2015' })
      .header('host', `${company.tenant.slug}.localhost:${process.env.PORT}`)
      .header('accept', 'application/json')
      .loginAs(stranger.user)
      .withCsrfToken()
    viaSubdomain.assertStatus(404)
    assert.equal(lookups(), 0)
  })

  test('read-only members cannot use it; the customer form offers it only where the adapter does', async ({
    client,
  }) => {
    const company = await istmo()
    const reader = await createUser()
    await addMember(company.tenant, reader, 'READONLY', { isDefault: true })
    const refused = await client
      .post(LOOKUP)
      .json({ taxId: '155596713-2-2015' })
      .header('accept', 'application/json')
      .loginAs(reader)
      .withCsrfToken()
    refused.assertStatus(403)

    const panamaForm = await client
      .get('/app/customers/create')
      .loginAs(company.owner)
      .withInertia()
    panamaForm.assertInertiaPropsContains({ options: { taxpayerLookup: true } })
    const ecuador = await createCompany('OWNER')
    const ecuadorForm = await client
      .get('/app/customers/create')
      .loginAs(ecuador.user)
      .withInertia()
    ecuadorForm.assertInertiaPropsContains({ options: { taxpayerLookup: false } })
  })
})
