/*
 * The server side of the invoice form's safety rules: messages in Spanish
 * and English that name the field, quantities above zero and discounts
 * within their line, deleting drafts, copying a document into a new form,
 * the detail page's buttons by role and state, a draft's tax lines, the
 * reasons a draft cannot be issued, a request over the body limit that
 * leaves the form alone, and the translations and formats each page gets.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import type { ApiClient } from '@japa/api-client'
import AuditLog from '#accounts/models/audit_log'
import type User from '#accounts/models/user'
import Document from '#documents/models/document'
import { tenantContext } from '#tenancy/tenant_context'
import { addMember, createUser } from '#tests/helpers/accounts'
import {
  createEcCompany,
  type EcCompany,
  invoiceInput,
  sriSimulatorForGroup,
} from '#tests/helpers/invoicing'
import { INSPECT } from '#tests/helpers/tenancy'

type Errors = Array<{ field: string; message: string }>

function post(client: ApiClient, user: User, body: object, language = 'es') {
  return client
    .post('/app/documents')
    .json(body)
    .header('accept', 'application/json')
    .header('accept-language', language)
    .loginAs(user)
    .withCsrfToken()
}

function messageOf(errors: Errors, field: string) {
  return errors.find((error) => error.field === field)?.message
}

async function saveDraft(client: ApiClient, company: EcCompany, user: User = company.user) {
  const response = await post(client, user, { ...invoiceInput(company), intent: 'draft' })
  response.assertStatus(201)
  return response.body().id as number
}

/** A member of the company with another role. */
async function member(company: EcCompany, role: 'READONLY' | 'OPERATOR') {
  const user = await createUser()
  await addMember(company.tenant, user, role, { isDefault: true })
  return user
}

test.group('Invoice form: messages', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('messages name the field in Spanish, never an internal name or English', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const input: any = invoiceInput(company)
    input.customerId = null
    input.lines[0].quantity = 'doce'
    input.lines[0].unitPrice = '12.1234567'
    input.lines[1].description = ''
    input.payments[0].amount = 'mucho'
    const response = await post(client, company.user, input)
    response.assertStatus(422)
    const errors = response.body().errors as Errors
    assert.equal(messageOf(errors, 'customerId'), 'Elige el cliente de la factura.')
    assert.match(messageOf(errors, 'lines.0.quantity')!, /^Escribe la cantidad como un número/)
    assert.match(messageOf(errors, 'lines.0.unitPrice')!, /^Escribe el precio unitario/)
    assert.equal(
      messageOf(errors, 'lines.1.description'),
      'Escribe la descripción del producto o servicio.'
    )
    assert.match(messageOf(errors, 'payments.0.amount')!, /^Escribe el valor del pago/)
    for (const { message } of errors) {
      assert.notMatch(message, /customerId|quantity|unitPrice|field|format is invalid/)
    }
  })

  test('the same messages in English', async ({ client, assert }) => {
    const company = await createEcCompany()
    const input: any = invoiceInput(company)
    input.customerId = null
    input.lines[0].quantity = '0'
    input.establishmentId = 'x'
    const response = await post(client, company.user, input, 'en')
    response.assertStatus(422)
    const errors = response.body().errors as Errors
    assert.equal(messageOf(errors, 'customerId'), "Choose the invoice's customer.")
    assert.equal(messageOf(errors, 'lines.0.quantity'), 'The quantity must be greater than 0.')
    assert.equal(messageOf(errors, 'establishmentId'), 'The establishment field must be a number.')
  })

  test('a quantity of zero and a discount above its line are refused next to them', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const input = invoiceInput(company)
    input.lines[0].quantity = '0,000'
    // 2 × 20.50 = 41.00: a discount of 41.01 would make the line negative.
    input.lines[1].discount = '41,01'
    const response = await post(client, company.user, { ...input, intent: 'draft' })
    response.assertStatus(422)
    const errors = response.body().errors as Errors
    assert.equal(messageOf(errors, 'lines.0.quantity'), 'La cantidad debe ser mayor que 0.')
    assert.equal(
      messageOf(errors, 'lines.1.discount'),
      'El descuento no puede ser mayor que cantidad × precio unitario (41.00).'
    )
    const none = await tenantContext.run(company.tenant, () => Document.query().count('* as n'))
    assert.equal(Number(none[0].$extras.n), 0)

    // The whole line as discount is allowed (a gift line of 0.00).
    input.lines[0].quantity = '1'
    input.lines[1].discount = '41.00'
    const allowed = await post(client, company.user, { ...input, intent: 'draft' })
    allowed.assertStatus(201)
  })

  test('a credit note without a reason says which field, in Spanish', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const id = await saveDraft(client, company)
    const response = await client
      .post(`/app/documents/${id}/credit-notes`)
      .json({ reason: '', lines: [{ sourceLineId: 1, quantity: '0' }] })
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    response.assertStatus(422)
    const errors = response.body().errors as Errors
    assert.equal(messageOf(errors, 'reason'), 'Escribe el motivo de la nota de crédito.')
    assert.equal(messageOf(errors, 'lines.0.quantity'), 'La cantidad debe ser mayor que 0.')
  })
})

test.group('Invoice form: drafts and copies', (group) => {
  sriSimulatorForGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a draft is deleted, with an audit entry; an issued document is not', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany('OPERATOR')
    const id = await saveDraft(client, company)
    const response = await client
      .delete(`/app/documents/${id}`)
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/app/documents')
    assert.equal(response.flashMessages().success, 'Borrador eliminado.')
    const gone = await tenantContext.run(company.tenant, () => Document.find(id))
    assert.isNull(gone)
    const entry = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('action', 'document.draft_deleted')
      .where('tenant_id', company.tenant.id)
      .firstOrFail()
    assert.equal(entry.entityId, String(id))
    assert.equal(entry.userId, company.user.id)

    const issued = await post(client, company.user, invoiceInput(company))
    issued.assertStatus(201)
    const refused = await client
      .delete(`/app/documents/${issued.body().id}`)
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    refused.assertStatus(422)
    assert.match(refused.body().errors[0].message, /ya fue emitido/)
    const kept = await tenantContext.run(company.tenant, () =>
      Document.findOrFail(issued.body().id)
    )
    assert.equal(kept.status, 'ISSUED')
  })

  test('read-only members cannot delete or copy; another company gets 404', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const id = await saveDraft(client, company)
    const reader = await member(company, 'READONLY')
    const deleted = await client
      .delete(`/app/documents/${id}`)
      .loginAs(reader)
      .withCsrfToken()
      .withInertia()
    deleted.assertStatus(403)
    deleted.assertInertiaComponent('errors/forbidden')
    const copied = await client.get(`/app/documents/${id}/duplicate`).loginAs(reader).withInertia()
    copied.assertStatus(403)
    // The forbidden page never carries a stack trace.
    assert.notInclude(JSON.stringify(copied.inertiaProps), 'at ')

    const other = await createEcCompany()
    const foreignDelete = await client
      .delete(`/app/documents/${id}`)
      .loginAs(other.user)
      .withCsrfToken()
      .withInertia()
    foreignDelete.assertStatus(404)
    const foreignCopy = await client
      .get(`/app/documents/${id}/duplicate`)
      .loginAs(other.user)
      .withInertia()
    foreignCopy.assertStatus(404)
    assert.isNotNull(await tenantContext.run(company.tenant, () => Document.find(id)))
  })

  test('duplicate opens a new form with the document’s data; nothing is saved', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const issued = await post(client, company.user, invoiceInput(company))
    const id = issued.body().id
    const page = await client
      .get(`/app/documents/${id}/duplicate`)
      .loginAs(company.user)
      .withInertia()
    page.assertStatus(200)
    page.assertInertiaComponent('invoicing/documents/create')
    const props = page.inertiaProps as any
    assert.notProperty(props, 'draft')
    assert.equal(props.prefill.customerId, company.customer.id)
    assert.deepEqual(
      props.prefill.lines.map((line: any) => [line.code, Number(line.quantity)]),
      [
        ['SKU-001', 1],
        ['SRV-01', 2],
      ]
    )
    assert.deepEqual(props.copiedFrom, {
      id,
      number: '001-001-000000001',
      status: 'ISSUED',
    })
    assert.equal(props.environment, 'test')
    assert.equal(props.textLimits.description, 300)
    const count = await tenantContext.run(company.tenant, () => Document.query().count('* as n'))
    assert.equal(Number(count[0].$extras.n), 1)
  })
})

test.group('Invoice detail page', (group) => {
  sriSimulatorForGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('its buttons follow the role and the state', async ({ client, assert }) => {
    const company = await createEcCompany()
    const id = await saveDraft(client, company)
    const actionsOf = async (user: User, documentId = id) => {
      const page = await client.get(`/app/documents/${documentId}`).loginAs(user).withInertia()
      page.assertStatus(200)
      return (page.inertiaProps as any).actions
    }
    assert.deepEqual(await actionsOf(company.user), {
      edit: true,
      issue: true,
      delete: true,
      duplicate: true,
      correct: false,
      email: false,
      // Only where the authority e-mails the customer (and only once it has).
      trackEmail: false,
      creditNote: false,
      checkAgain: false,
    })
    const reader = await member(company, 'READONLY')
    const none = await actionsOf(reader)
    assert.isTrue(Object.values(none).every((value) => value === false))

    // A rejected invoice offers "corregir y reemitir" instead of "duplicar".
    await tenantContext.run(company.tenant, () =>
      Document.query().where('id', id).update({ status: 'REJECTED' })
    )
    const rejected = await actionsOf(company.user)
    assert.isTrue(rejected.correct)
    assert.isFalse(rejected.duplicate)
    assert.isFalse(rejected.edit)
    const readerOnRejected = await actionsOf(reader)
    assert.isFalse(readerOnRejected.correct)
  })

  test('a draft shows the tax lines issuing it would charge', async ({ client, assert }) => {
    const company = await createEcCompany()
    const id = await saveDraft(client, company)
    const page = await client.get(`/app/documents/${id}`).loginAs(company.user).withInertia()
    const taxes = (page.inertiaProps as any).document.taxes
    assert.deepEqual(
      taxes.map((item: any) => [item.category, item.base, item.amount]),
      [
        ['iva_15', '120.00', '18.00'],
        ['iva_0', '41.00', '0.00'],
      ]
    )
  })

  test('"Emitir ahora" on a draft that cannot be issued sends the reasons back', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const input = invoiceInput(company, { payments: [{ method: '01', amount: '10.00' }] })
    const draft = await post(client, company.user, { ...input, intent: 'draft' })
    draft.assertStatus(201)
    const id = draft.body().id
    const response = await client
      .post(`/app/documents/${id}/issue`)
      .header('referer', `/app/documents/${id}`)
      .loginAs(company.user)
      .withCsrfToken()
      .withInertia()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', `/app/documents/${id}`)
    const errors = response.flashMessages().errors as Record<string, string[]>
    assert.isAbove(Object.keys(errors).length, 0)
    assert.isTrue(Object.keys(errors).some((field) => field.startsWith('payments')))
    const still = await tenantContext.run(company.tenant, () => Document.findOrFail(id))
    assert.equal(still.status, 'DRAFT')
  })
})

test.group('Pages: body limit, translations and formats', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a page form over the body limit gets a reply that leaves the page as it is', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const input = invoiceInput(company)
    input.lines[0].description = 'x'.repeat(1024 * 1024 + 10)
    const response = await client
      .post('/app/documents')
      .json({ ...input, intent: 'draft' })
      .loginAs(company.user)
      .withCsrfToken()
      .withInertia()
    response.assertStatus(413)
    // Not an Inertia page: the form stays, and names the field itself.
    assert.isUndefined(response.header('x-inertia'))
    assert.deepEqual(response.body(), { tooLarge: true, maxBytes: 1024 * 1024 })
    const none = await tenantContext.run(company.tenant, () => Document.query().count('* as n'))
    assert.equal(Number(none[0].$extras.n), 0)
  })

  test('a page receives the translations it uses, not the whole dictionary', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    const form = await client.get('/app/documents/create').loginAs(company.user).withInertia()
    const messages = (form.inertiaProps as any).messages as Record<string, string>
    assert.equal(messages['ui.invoicing.form.save_draft'], 'Guardar borrador')
    assert.equal(messages['ui.nav.logout'], 'Cerrar sesión')
    // The customers dialog of the form is the catalog's customer form.
    assert.isString(messages['ui.catalog.fields.legalName'])
    assert.isUndefined(messages['ui.admin.overview.title'])
    assert.isUndefined(messages['ui.accounts.audit.all_actions'])
    assert.isUndefined(messages['ui.landing.hero_title'])
    // The heaviest page (the form with its customer dialog) against 50 KB for everything.
    assert.isBelow(JSON.stringify(messages).length, 25_000)

    const dashboard = await client.get('/app').loginAs(company.user).withInertia()
    const dashboardMessages = (dashboard.inertiaProps as any).messages as Record<string, string>
    assert.isUndefined(dashboardMessages['ui.invoicing.form.save_draft'])
    assert.isString(dashboardMessages['ui.invoicing.status.AUTHORIZED'])
  })

  test('dates and numbers are formatted with the company’s locale and time zone', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    // The seam's shared props: the country's locale tag and the company's
    // time zone and currency (inertia/composables/use_i18n.ts formats with them).
    const page = await client.get('/app/documents').loginAs(company.user).withInertia()
    const props = page.inertiaProps as any
    assert.equal(props.formatLocale, 'es-EC')
    assert.equal(props.tenant.timeZone, 'America/Guayaquil')
    assert.equal(props.tenant.money.currency, 'USD')
    assert.notProperty(props, 'format')
    const guest = await client.get('/login').withInertia()
    assert.equal((guest.inertiaProps as any).formatLocale, 'es-EC')
    assert.isNull((guest.inertiaProps as any).tenant)
  })
})
