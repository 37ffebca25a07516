import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import { useClock } from '#core/clock'
import { createCompany } from '#tests/helpers/accounts'
import { insertCertificate, insertPacCredentials } from '#tests/helpers/admin'
import { setDocumentsUsed, setPlan } from '#tests/helpers/billing'

/*
 * The dashboard's signing-credential and plan-usage cards. Which credential
 * a company needs is its country adapter's (`profile.credential`):
 * local signing (Ecuador's SRI) needs a certificate, remote signing
 * (Panama's PAC) the tokens of the environment the company issues in.
 */
const NOW = '2031-06-15T12:00:00.000Z'

async function dashboard(client: any, user: any, locale?: string) {
  const request = client.get('/app').loginAs(user).withInertia()
  if (locale) request.withSession({ locale })
  const response = await request
  response.assertStatus(200)
  return response.inertiaProps as any
}

async function credentialOf(client: any, user: any) {
  const props = await dashboard(client, user)
  return props.credential
}

async function usageOf(client: any, user: any, locale?: string) {
  const props = await dashboard(client, user, locale)
  return props.usage
}

/** The server-rendered page. */
async function html(client: any, user: any, locale?: string) {
  const request = client.get('/app').loginAs(user)
  if (locale) request.withSession({ locale })
  const response = await request
  return response.text() as string
}

test.group('Dashboard: signing credential and plan usage', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    useClock(() => new Date(NOW))
    return () => useClock(null)
  })

  test('a certificate: missing, then valid, expiring and expired by its end date', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    // Another company's certificate never counts for this one.
    const other = await createCompany('OWNER')
    await insertCertificate(other.tenant, '2032-01-01T00:00:00Z')

    let props = await dashboard(client, user)
    assert.include(props.credential, { kind: 'certificate', state: 'missing', validTo: null })
    assert.include(await credentialOf(client, other.user), { state: 'valid' })

    await insertCertificate(tenant, '2031-06-25T12:00:00Z')
    props = await dashboard(client, user)
    assert.include(props.credential, {
      kind: 'certificate',
      state: 'expiring',
      daysLeft: 10,
      holderName: tenant.legalName,
    })
    assert.equal(
      DateTime.fromISO(props.credential.validTo).toUTC().toISO(),
      '2031-06-25T12:00:00.000Z'
    )

    useClock(() => new Date('2031-05-01T12:00:00.000Z'))
    assert.include(await credentialOf(client, user), { state: 'valid', daysLeft: 55 })
    useClock(() => new Date('2031-06-26T12:00:00.000Z'))
    assert.include(await credentialOf(client, user), { state: 'expired', daysLeft: 0 })
  })

  test('PAC tokens count for the environment the company issues in', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER', { country: 'PA' })
    await insertPacCredentials(tenant, 'production')
    let props = await dashboard(client, user)
    assert.include(props.credential, {
      kind: 'pac_tokens',
      state: 'missing',
      environment: 'test',
    })
    await insertPacCredentials(tenant, 'test')
    props = await dashboard(client, user)
    assert.include(props.credential, { kind: 'pac_tokens', state: 'valid', environment: 'test' })
    assert.isString(props.credential.updatedAt)
  })

  test("the month's documents against the plan's limit, from billing's meter", async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    await setPlan(tenant, 'basico')
    await setDocumentsUsed(tenant, 82, new Date(NOW))
    // Last month's count is not this month's.
    await setDocumentsUsed(tenant, 7, new Date('2031-05-10T12:00:00.000Z'))
    const other = await createCompany('OWNER')
    await setDocumentsUsed(other.tenant, 99, new Date(NOW))

    assert.deepEqual(await usageOf(client, user), {
      plan: 'Básico',
      period: '2031-06-01',
      used: 82,
      limit: 100,
    })
    const english = await usageOf(client, user, 'en')
    assert.equal(english.plan, 'Basic')
    const others = await usageOf(client, other.user)
    assert.equal(others.used, 99)
  })

  test('the cards render in Spanish and English; links only for who may use them', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    await setPlan(tenant, 'basico')
    await setDocumentsUsed(tenant, 3, new Date(NOW))
    const spanish = await html(client, user)
    assert.include(spanish, 'Certificado de firma')
    assert.include(spanish, 'Falta')
    assert.include(spanish, 'Aún no has cargado tu certificado de firma')
    assert.include(spanish, 'Plan Básico')
    assert.include(spanish, 'data-link="credential"')
    assert.include(spanish, 'data-link="billing"')

    const english = await html(client, user, 'en')
    assert.include(english, 'Signing certificate')
    assert.include(english, 'Missing')
    assert.include(english, 'You have not uploaded your signing certificate yet')
    assert.include(english, 'Basic plan')

    const reader = await createCompany('READONLY')
    const readOnly = await html(client, reader.user)
    assert.include(readOnly, 'data-card="credential"')
    assert.notInclude(readOnly, 'data-link="credential"')
    assert.notInclude(readOnly, 'data-link="billing"')
  })
})
