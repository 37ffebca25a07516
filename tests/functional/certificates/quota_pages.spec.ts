/*
 * Where the folios show: the company dashboard's card and the PAC
 * credentials page (Panama; nothing for a country without a quota), the
 * "Actualizar" button (owners and admins; it reads the PAC now), another
 * company never seeing or refreshing them, and the platform console's
 * company detail, alert inbox and overview count.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import AuthorityQuota from '#certificates/models/authority_quota'
import type Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { createEcCompany } from '#tests/helpers/invoicing'
import { hkaGroup, istmo } from '#tests/helpers/panama'
import type { AlertDto } from '#admin/alerts/inbox'
import type { OverviewDto } from '#admin/actions/build_overview'
import type { QuotaDto } from '#certificates/quota/quota_summary'
import { INSPECT } from '#tests/helpers/tenancy'

const DEMO_TOKENS = {
  tokenEmpresa: 'demo-istmo-token-empresa',
  tokenPassword: 'demo-istmo-token-password',
}

function storeReading(tenant: Tenant, values: Partial<AuthorityQuota>) {
  return tenantContext.run(tenant, () =>
    AuthorityQuota.create({ environment: 'test', alertedThresholds: [], ...values })
  )
}

async function pageText(client: any, url: string, user: any): Promise<string> {
  const response = await client.get(url).loginAs(user)
  return response.text()
}

async function pageProps(client: any, url: string, user: any): Promise<Record<string, any>> {
  const response = await client.get(url).loginAs(user).withInertia()
  response.assertStatus(200)
  return response.inertiaProps
}

test.group('Folios on the company pages', (group) => {
  const hka = hkaGroup(group)

  test('the dashboard card and the credentials page show the latest reading', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    await storeReading(company.tenant, {
      available: 150,
      used: 850,
      total: 1000,
      checkedAt: DateTime.fromISO('2031-06-15T10:30:00Z'),
      licenceTo: DateTime.fromISO('2031-12-31'),
    })

    const dashboard = await client.get('/app').loginAs(company.owner).withInertia()
    dashboard.assertStatus(200)
    const quota = dashboard.inertiaProps.quota as QuotaDto
    assert.deepInclude(quota, {
      environment: 'test',
      available: 150,
      total: 1000,
      percentLeft: 15,
      level: 'low',
      licenceTo: '2031-12-31',
      checkedAt: '2031-06-15T10:30:00.000+00:00',
      lastError: null,
    })

    // Server-rendered: the figures, the warning and the button, labelled.
    const html = await pageText(client, '/app', company.owner)
    assert.include(html, 'data-card="quota"')
    assert.include(html, '150 folios disponibles')
    assert.match(html, /15 % de 1[.,]?000/)
    assert.include(html, 'Quedan pocos folios.')
    assert.include(html, 'role="progressbar"')
    assert.include(html, 'data-action="quota-refresh"')

    const pac = await client.get('/app/settings/certificates').loginAs(company.owner).withInertia()
    pac.assertStatus(200)
    assert.equal((pac.inertiaProps.quota as QuotaDto).available, 150)

    // In English.
    const english = await client.get('/app').loginAs(company.owner).withSession({ locale: 'en' })
    assert.include(english.text(), '150 folios left')
  })

  test('an operator sees the card without the button; a country without a quota sees none', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    const operator = await createUser()
    await addMember(company.tenant, operator, 'OPERATOR')
    const html = await pageText(client, '/app', operator)
    assert.include(html, 'data-card="quota"')
    assert.include(html, 'Aún no se han consultado los folios con el PAC.')
    assert.notInclude(html, 'data-action="quota-refresh"')
    const refused = await client
      .post('/app/settings/certificates/quota/refresh')
      .loginAs(operator)
      .withCsrfToken()
      .redirects(0)
    assert.oneOf(refused.status(), [403, 404])
    assert.equal(hka.simulator.stats.calls.FoliosRestantes, 0)

    const ecuador = await createEcCompany()
    const props = await pageProps(client, '/app', ecuador.user)
    assert.isNull(props.quota)
    assert.notInclude(await pageText(client, '/app', ecuador.user), 'data-card="quota"')
  })

  test('"Actualizar" reads the PAC now and says what it found or why it failed', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    hka.simulator.register({ ...DEMO_TOKENS, cycleTotal: 200, cycleUsed: 20 })
    const refreshed = await client
      .post('/app/settings/certificates/quota/refresh')
      .loginAs(company.owner)
      .withCsrfToken()
      .header('referer', '/app')
      .redirects(0)
    refreshed.assertStatus(302)
    refreshed.assertHeader('location', '/app')
    assert.equal(refreshed.flashMessages().success, 'Folios actualizados: quedan 180 folios.')
    const reading = await tenantContext.run(company.tenant, () =>
      AuthorityQuota.query().firstOrFail()
    )
    assert.equal(reading.available, 180)

    hka.simulator.setFault({ mode: 'down', operation: 'FoliosRestantes', times: 1 })
    const failed = await client
      .post('/app/settings/certificates/quota/refresh')
      .loginAs(company.owner)
      .withCsrfToken()
      .header('referer', '/app')
      .redirects(0)
    assert.equal(
      failed.flashMessages().error,
      'No se pudo consultar los folios con el PAC. Se muestran los últimos datos conocidos; inténtalo más tarde.'
    )
    const props = await pageProps(client, '/app', company.owner)
    assert.equal((props.quota as QuotaDto).available, 180)
    assert.isString((props.quota as QuotaDto).lastError)
  })

  test("another company neither sees nor refreshes a company's folios", async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    await storeReading(company.tenant, { available: 5, used: 95, total: 100 })
    const other = await createCompany('OWNER', { country: 'PA' })

    const props = await pageProps(client, '/app', other.user)
    assert.equal((props.quota as QuotaDto).level, 'unknown')
    assert.isNull((props.quota as QuotaDto).available)

    // The other company's button acts on its own company only (it has no tokens).
    const response = await client
      .post('/app/settings/certificates/quota/refresh')
      .loginAs(other.user)
      .withCsrfToken()
      .redirects(0)
    assert.equal(
      response.flashMessages().error,
      'Primero guarda las credenciales del PAC del ambiente en que emites.'
    )
    const reading = await AuthorityQuota.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', company.tenant.id)
      .firstOrFail()
    assert.equal(reading.available, 5)
    assert.equal(hka.simulator.stats.calls.FoliosRestantes, 0)
  })
})

test.group('Folios in the platform console', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('company detail, alert inbox and overview count', async ({ client, assert }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const beforePage = await pageProps(client, '/admin', admin)
    const before = beforePage.overview as OverviewDto

    const low = await createCompany('OWNER', { country: 'PA' })
    const empty = await createCompany('OWNER', { country: 'PA' })
    const fine = await createCompany('OWNER', { country: 'PA' })
    const otherEnvironment = await createCompany('OWNER', { country: 'PA' })
    const checkedAt = DateTime.fromISO('2031-06-15T10:30:00Z')
    await storeReading(low.tenant, { available: 40, used: 160, total: 200, checkedAt })
    await storeReading(empty.tenant, { available: 0, used: 100, total: 100, checkedAt })
    await storeReading(fine.tenant, { available: 900, used: 100, total: 1000, checkedAt })
    // Low, but in the environment the company does not issue in.
    await storeReading(otherEnvironment.tenant, {
      environment: 'production',
      available: 1,
      total: 100,
      checkedAt,
    })

    const detail = await client
      .get(`/admin/companies/${low.tenant.id}`)
      .loginAs(admin)
      .withInertia()
    detail.assertStatus(200)
    assert.deepInclude((detail.inertiaProps.detail as any).credential.quota, {
      available: 40,
      total: 200,
      percentLeft: 20,
      level: 'low',
      checkedAt: '2031-06-15T10:30:00.000+00:00',
    })
    const detailHtml = await pageText(client, `/admin/companies/${low.tenant.id}`, admin)
    assert.include(detailHtml, '40 de 200 (20 %)')

    const alertsPage = await pageProps(client, '/admin/alerts', admin)
    const alerts = alertsPage.alerts as AlertDto[]
    const folios = alerts.filter((alert) => alert.kind === 'quota_low')
    const of = (tenant: Tenant) => folios.find((alert) => alert.company?.id === tenant.id)
    assert.deepInclude(of(low.tenant)!, { severity: 'warning' })
    assert.deepEqual(of(low.tenant)!.details, { available: 40, total: 200, percent: 20 })
    assert.deepInclude(of(empty.tenant)!, { severity: 'critical' })
    assert.isUndefined(of(fine.tenant))
    assert.isUndefined(of(otherEnvironment.tenant))
    const alertsHtml = await pageText(client, '/admin/alerts', admin)
    assert.include(alertsHtml, 'tiene 40 folios disponibles con su PAC (20 % del ciclo).')

    const afterPage = await pageProps(client, '/admin', admin)
    const after = afterPage.overview as OverviewDto
    assert.equal(after.companies.lowOnFolios - before.companies.lowOnFolios, 2)

    // Acknowledged like any other alert.
    await client
      .post('/admin/alerts/acknowledge')
      .json({ key: of(low.tenant)!.key })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    const againPage = await pageProps(client, '/admin/alerts', admin)
    const again = againPage.alerts as AlertDto[]
    assert.isNotNull(again.find((alert) => alert.key === of(low.tenant)!.key)!.acknowledged)
  })
})
