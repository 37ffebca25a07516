import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import db from '@adonisjs/lucid/services/db'
import Tenant from '#tenancy/models/tenant'
import Establishment from '#catalog/models/establishment'
import { tenantContext } from '#tenancy/tenant_context'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { asPlatform, insertCertificate } from '#tests/helpers/admin'
import { createEcCompany, invoiceInput } from '#tests/helpers/invoicing'

function signUp(client: any, overrides: Record<string, string> = {}) {
  return client
    .post('/register')
    .form({
      country: 'EC',
      taxId: '1792146739001',
      legalName: 'Comercial Pichincha Cía. Ltda.',
      tradeName: 'Comercial Pichincha',
      address: 'Av. Amazonas N34-120, Quito',
      fullName: 'Gabriela Torres',
      email: 'gabriela@pichincha.test',
      password: 'montaña-azul-2024',
      password_confirmation: 'montaña-azul-2024',
      ...overrides,
    })
    .withCsrfToken()
    .redirects(0)
}

async function headOfficeOf(tenant: Tenant) {
  return tenantContext.run(tenant, () =>
    Establishment.query().preload('emissionPoints').orderBy('id')
  )
}

async function stepsOf(client: any, user: any) {
  const page = await client.get('/app').loginAs(user).withInertia()
  page.assertStatus(200)
  const onboarding = (page.inertiaProps as any).onboarding as Array<{
    key: string
    done: boolean
    href: string
    label: string
  }> | null
  return onboarding
}

test.group('Onboarding', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    mail.fake()
    return () => mail.restore()
  })

  test('sign-up creates the head office 001 with emission point 001 at the address given', async ({
    client,
    assert,
  }) => {
    const response = await signUp(client)
    response.assertStatus(302)
    const tenant = await Tenant.findByOrFail('tax_id', '1792146739001')
    const establishments = await headOfficeOf(tenant)
    assert.lengthOf(establishments, 1)
    assert.equal(establishments[0].code, '001')
    assert.equal(establishments[0].address, 'Av. Amazonas N34-120, Quito')
    assert.deepEqual(
      establishments[0].emissionPoints.map((point) => [point.code, point.isActive]),
      [['001', true]]
    )
  })

  test('a Panama sign-up gets sucursal 0000 (casa matriz) with punto 001', async ({
    client,
    assert,
  }) => {
    const response = await signUp(client, {
      country: 'PA',
      taxId: '155596713-2-2015',
      taxIdDv: '59',
      address: 'Calle 50, Ciudad de Panamá',
      email: 'owner@istmo-digital.test',
    })
    response.assertStatus(302)
    const tenant = await Tenant.findByOrFail('tax_id', '155596713-2-2015')
    const [headOffice] = await headOfficeOf(tenant)
    assert.equal(headOffice.code, '0000')
    assert.equal(headOffice.address, 'Calle 50, Ciudad de Panamá')
    assert.deepEqual(
      headOffice.emissionPoints.map((point) => point.code),
      ['001']
    )
  })

  test('the dashboard ticks each step from real data and hides the list once all are done', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    let steps = (await stepsOf(client, user))!
    assert.deepEqual(
      steps.map((step) => [step.key, step.done, step.href]),
      [
        ['company', false, '/app/settings/company'],
        ['credential', false, '/app/settings/certificates'],
        ['customer', false, '/app/customers/create'],
        ['test_invoice', false, '/app/documents/create'],
        ['production', false, '/app/settings/production'],
      ]
    )
    assert.equal(steps[1].label, 'credential_certificate')

    await Tenant.query().where('id', tenant.id).update({ contact_email: 'hola@empresa.test' })
    await insertCertificate(tenant, new Date(Date.now() + 200 * 86_400_000).toISOString())
    steps = (await stepsOf(client, user))!
    assert.deepEqual(
      steps.map((step) => step.done),
      [true, true, false, false, false]
    )

    await tenantContext.run(tenant, () =>
      db.table('customers').insert({
        tenant_id: tenant.id,
        identification_type: '05',
        identification: '0926687856',
        legal_name: 'Juan Carlos Andrade',
        emails: JSON.stringify([]),
        is_active: true,
        created_at: new Date(),
        updated_at: new Date(),
      })
    )
    steps = (await stepsOf(client, user))!
    assert.isTrue(steps.find((step) => step.key === 'customer')!.done)

    await Tenant.query().where('id', tenant.id).update({ authority_environment: 'production' })
    assert.isNull(await stepsOf(client, user))
  })

  test('a test invoice counts only once the authority authorized it', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const draft = await client
      .post('/app/documents')
      .json({ ...invoiceInput(company), intent: 'draft' })
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    draft.assertStatus(201)
    const testInvoiceDone = async () => {
      const steps = await stepsOf(client, company.user)
      return steps!.find((step) => step.key === 'test_invoice')!.done
    }
    assert.isFalse(await testInvoiceDone())
    await asPlatform(() =>
      db.from('documents').where('id', draft.body().id).update({ status: 'AUTHORIZED' })
    )
    assert.isTrue(await testInvoiceDone())
  })

  test('operators and read-only members do not get the list', async ({ client, assert }) => {
    const company = await createEcCompany()
    for (const role of ['OPERATOR', 'READONLY'] as const) {
      const member = await createUser()
      await addMember(company.tenant, member, role, { isDefault: true })
      assert.isNull(await stepsOf(client, member))
    }
  })

  test('"no certificate" names Credenciales de firma as a link for those who can upload one', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const issue = (user: any) =>
      client
        .post('/app/documents')
        .json({ ...invoiceInput(company), intent: 'issue' })
        .header('x-inertia', 'true')
        .header('referer', '/app/documents/create')
        .loginAs(user)
        .withCsrfToken()
        .redirects(0)

    const owner = await issue(company.user)
    owner.assertFlashMessage(
      'error',
      'Tu empresa no tiene un certificado de firma electrónica. Súbelo en Credenciales de firma para poder emitir comprobantes.'
    )
    owner.assertFlashMessage('errorLink', {
      href: '/app/settings/certificates',
      label: 'Credenciales de firma',
    })

    const operator = await createUser()
    await addMember(company.tenant, operator, 'OPERATOR', { isDefault: true })
    const refused = await issue(operator)
    assert.isUndefined(refused.flashMessages().errorLink)

    const api = await client
      .post('/app/documents')
      .json({ ...invoiceInput(company), intent: 'issue' })
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    api.assertStatus(422)
    assert.equal(
      api.body().message,
      'Tu empresa no tiene un certificado de firma electrónica. Súbelo en Credenciales de firma (/app/settings/certificates) para poder emitir comprobantes.'
    )
    assert.equal(api.body().link, '/app/settings/certificates')
  })
})
