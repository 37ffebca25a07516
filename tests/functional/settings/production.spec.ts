import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import AuditLog from '#accounts/models/audit_log'
import Tenant from '#tenancy/models/tenant'
import { addMember, createUser } from '#tests/helpers/accounts'
import { asPlatform, insertCertificate } from '#tests/helpers/admin'
import { createEcCompany, type EcCompany } from '#tests/helpers/invoicing'
import { INSPECT } from '#tests/helpers/tenancy'

const PAGE = '/app/settings/production'
const DAY = 86_400_000

/** The company's current certificate: its RUC, accredited, valid for `days` more days. */
async function certificate(company: EcCompany, days = 200, holderTaxId = company.tenant.taxId) {
  await insertCertificate(company.tenant, new Date(Date.now() + days * DAY).toISOString())
  await asPlatform(() =>
    db.from('certificates').where('tenant_id', company.tenant.id).update({
      holder_tax_id: holderTaxId,
    })
  )
}

async function environmentOf(company: EcCompany) {
  const row = await Tenant.findOrFail(company.tenant.id)
  return row.authorityEnvironment
}

function auditsOf(company: EcCompany) {
  return AuditLog.query({ withoutTenantScope: INSPECT })
    .where('tenant_id', company.tenant.id)
    .where('action', 'tenant.environment_changed')
    .orderBy('id')
}

function goLive(client: any, company: EcCompany, confirm: boolean | undefined = true) {
  return client
    .post(PAGE)
    .loginAs(company.user)
    .withCsrfToken()
    .redirects(0)
    .header('referer', PAGE)
    .form(confirm === undefined ? {} : { confirm: confirm ? 'on' : '' })
}

test.group('Going to production', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the page lists the country’s rules, failed ones with a link to where they are fixed', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const page = await client.get(PAGE).loginAs(company.user).withInertia()
    page.assertStatus(200)
    page.assertInertiaComponent('settings/production/show')
    const props = page.inertiaProps as any
    assert.equal(props.environment, 'test')
    assert.isFalse(props.ready)
    const byCode = Object.fromEntries(props.checks.map((check: any) => [check.code, check]))
    assert.isFalse(byCode.certificate_valid.ok)
    assert.equal(byCode.certificate_valid.fix.href, '/app/settings/certificates')
    assert.isTrue(byCode.emission_point.ok)
    assert.equal(byCode.emission_point.detail, '001-001: siguiente 1')
    // The header's badge reads the environment from the shared company.
    assert.equal(props.tenant.environment, 'test')
  })

  test('without a certificate the switch is refused: still in test, nothing audited', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const response = await goLive(client, company)
    response.assertStatus(302)
    response.assertFlashMessage(
      'error',
      'Aún no puedes pasar a producción: faltan 3 requisitos de la lista.'
    )
    assert.equal(await environmentOf(company), 'test')
    assert.lengthOf(await auditsOf(company), 0)
  })

  test('a certificate expiring within 7 days is refused', async ({ client, assert }) => {
    const company = await createEcCompany()
    await certificate(company, 5)
    const response = await goLive(client, company)
    response.assertFlashMessage(
      'error',
      'Aún no puedes pasar a producción: falta 1 requisito de la lista.'
    )
    assert.equal(await environmentOf(company), 'test')
  })

  test('a certificate of another RUC is refused', async ({ client, assert }) => {
    const company = await createEcCompany()
    await certificate(company, 200, '1790099999001')
    const page = await client.get(PAGE).loginAs(company.user).withInertia()
    const failed = (page.inertiaProps as any).checks.filter((check: any) => !check.ok)
    assert.deepEqual(
      failed.map((check: any) => check.code),
      ['certificate_matches_tax_id']
    )
    await goLive(client, company)
    assert.equal(await environmentOf(company), 'test')
  })

  test('a certificate from a non-accredited entity is refused', async ({ client, assert }) => {
    const company = await createEcCompany()
    await certificate(company)
    await asPlatform(() =>
      db
        .from('certificates')
        .where('tenant_id', company.tenant.id)
        .update({ not_accredited_reason: 'self_signed' })
    )
    await goLive(client, company)
    assert.equal(await environmentOf(company), 'test')
  })

  test('without an active emission point the switch is refused', async ({ client, assert }) => {
    const company = await createEcCompany()
    await certificate(company)
    await asPlatform(() =>
      db.from('emission_points').where('tenant_id', company.tenant.id).update({ is_active: false })
    )
    const page = await client.get(PAGE).loginAs(company.user).withInertia()
    const failed = (page.inertiaProps as any).checks.filter((check: any) => !check.ok)
    assert.deepEqual(
      failed.map((check: any) => [check.code, check.fix.href]),
      [['emission_point', '/app/establishments']]
    )
    await goLive(client, company)
    assert.equal(await environmentOf(company), 'test')
  })

  test('a ready company must tick the confirmation, then goes to production, audited', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    await certificate(company)

    const unconfirmed = await goLive(client, company, false)
    unconfirmed.assertStatus(302)
    unconfirmed.assertValidationError(
      'confirm',
      'Marca la casilla para confirmar que entiendes el cambio.'
    )
    assert.equal(await environmentOf(company), 'test')

    const response = await goLive(client, company)
    response.assertStatus(302)
    response.assertHeader('location', PAGE)
    assert.equal(await environmentOf(company), 'production')
    const [entry] = await auditsOf(company)
    assert.deepEqual(entry.before, { authorityEnvironment: 'test' })
    assert.deepEqual(entry.after, { authorityEnvironment: 'production' })
    assert.equal(entry.userId, company.user.id)

    const page = await client.get(PAGE).loginAs(company.user).withInertia()
    assert.equal((page.inertiaProps as any).tenant.environment, 'production')
    assert.isTrue((page.inertiaProps as any).canGoBack)
  })

  test('back to test while no production document exists; refused once one does', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    await certificate(company)
    await goLive(client, company)
    const back = await client
      .post(`${PAGE}/test`)
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    back.assertStatus(302)
    back.assertHeader('location', PAGE)
    assert.equal(await environmentOf(company), 'test')
    const entries = await auditsOf(company)
    assert.lengthOf(entries, 2)
    assert.deepEqual(entries[1].after, { authorityEnvironment: 'test' })

    await goLive(client, company)
    // An invoice in production (its number and content do not matter here).
    await asPlatform(() =>
      db.table('documents').insert({
        tenant_id: company.tenant.id,
        type: 'invoice',
        status: 'AUTHORIZED',
        establishment_id: company.establishment.id,
        emission_point_id: company.point.id,
        environment: 'production',
        issue_date: new Date().toISOString().slice(0, 10),
        buyer: JSON.stringify({}),
        signed_at: new Date(),
        authorized_at: new Date(),
        total: '10.00',
        created_at: new Date(),
      })
    )
    const refused = await client
      .post(`${PAGE}/test`)
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
      .header('referer', PAGE)
    refused.assertFlashMessage(
      'error',
      'Ya hay comprobantes emitidos en producción: la empresa no puede volver al ambiente de pruebas.'
    )
    assert.equal(await environmentOf(company), 'production')
    assert.lengthOf(await auditsOf(company), 3)
    const page = await client.get(PAGE).loginAs(company.user).withInertia()
    assert.isFalse((page.inertiaProps as any).canGoBack)
  })

  test('operators and read-only members cannot see or switch it', async ({ client, assert }) => {
    const company = await createEcCompany()
    await certificate(company)
    for (const role of ['OPERATOR', 'READONLY'] as const) {
      const user = await createUser()
      await addMember(company.tenant, user, role)
      const page = await client.get(PAGE).loginAs(user)
      page.assertStatus(403)
      const post = await client
        .post(PAGE)
        .loginAs(user)
        .withCsrfToken()
        .form({ confirm: 'on' })
        .redirects(0)
      post.assertStatus(403)
    }
    assert.equal(await environmentOf(company), 'test')
  })
})
