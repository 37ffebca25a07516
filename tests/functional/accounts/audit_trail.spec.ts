import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import limiter from '@adonisjs/limiter/services/main'
import queue from '@rlanz/bull-queue/services/main'
import { CATALOG_IMPORT_QUEUE } from '#catalog/jobs/import_catalog_job'
import type { Assert } from '@japa/assert'
import type { ApiClient } from '@japa/api-client'
import AuditLog from '#accounts/models/audit_log'
import type User from '#accounts/models/user'
import type Tenant from '#tenancy/models/tenant'
import { AUDIT_ACTIONS, type AuditAction } from '#accounts/audit/actions'
import Document from '#documents/models/document'
import ProcessDocumentJob from '#tax/jobs/process_document_job'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import { tenantContext } from '#tenancy/tenant_context'
import { TEST_PASSWORD, addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { binary, createCustomer, createPoint, createProduct } from '#tests/helpers/catalog'
import {
  createEcCompany,
  type EcCompany,
  invoiceInput,
  issuingGroup,
} from '#tests/helpers/invoicing'
import { INSPECT } from '#tests/helpers/tenancy'
import { analyzeQueuedImport } from '#tests/helpers/catalog'

const UA = 'AuditoriaTest/1.0 (Facturo)'

/** The newest entry of `action` in the company, checked for who, where and what. */
async function entryOf(
  assert: Assert,
  tenant: Tenant | null,
  action: AuditAction,
  expected: { user: User; entity: string; entityId?: number | string | null }
) {
  const query = AuditLog.query({ withoutTenantScope: INSPECT }).where('action', action)
  if (tenant) query.where('tenant_id', tenant.id)
  else query.whereNull('tenant_id')
  const log = await query.orderBy('id', 'desc').first()
  assert.exists(log, `no "${action}" entry`)
  assert.equal(log!.userId, expected.user.id, `${action}: who`)
  assert.equal(log!.entity, expected.entity, `${action}: entity`)
  if (expected.entityId !== undefined) {
    assert.equal(log!.entityId, expected.entityId === null ? null : String(expected.entityId))
  }
  assert.equal(log!.ip, '127.0.0.1', `${action}: IP`)
  assert.equal(log!.userAgent, UA, `${action}: user agent`)
  assert.exists(log!.createdAt, `${action}: when`)
  return log!
}

/** A request of the signed-in member, from a known browser. */
function as(client: ApiClient, user: User) {
  return {
    post: (path: string, body: Record<string, unknown> = {}) =>
      client
        .post(path)
        .json(body)
        .loginAs(user)
        .header('user-agent', UA)
        .withCsrfToken()
        .redirects(0),
    put: (path: string, body: Record<string, unknown> = {}) =>
      client
        .put(path)
        .json(body)
        .loginAs(user)
        .header('user-agent', UA)
        .withCsrfToken()
        .redirects(0),
    get: (path: string) => client.get(path).loginAs(user).header('user-agent', UA).redirects(0),
  }
}

test.group('Audit trail: every action is known to the viewer', () => {
  test('each action has a label in Spanish and English', async ({ assert }) => {
    const read = async (locale: string) =>
      JSON.parse(await readFile(app.languageFilesPath(locale, 'ui', 'accounts.json'), 'utf8'))
    const es = await read('es')
    const en = await read('en')
    for (const action of AUDIT_ACTIONS) {
      assert.isString(es.audit.actions[action], `es: ${action}`)
      assert.isString(en.audit.actions[action], `en: ${action}`)
    }
  })
})

test.group('Audit trail: catalog', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('customer created, with what was saved', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    await as(client, user).post('/app/customers', {
      identificationType: '05',
      identification: '1710034065',
      legalName: 'Juan Carlos Andrade',
      emails: 'juan@example.com',
    })
    const log = await entryOf(assert, tenant, 'customer.created', { user, entity: 'customer' })
    assert.isNull(log.before)
    assert.include(log.after as object, {
      identification: '1710034065',
      legalName: 'Juan Carlos Andrade',
      isActive: true,
    })
  })

  test('customer created from the invoice form dialog', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    const response = await as(client, user).post('/app/customers/quick', {
      identificationType: '05',
      identification: '1710034065',
      legalName: 'Cliente Rápido',
    })
    response.assertStatus(201)
    await entryOf(assert, tenant, 'customer.created', {
      user,
      entity: 'customer',
      entityId: response.body().customer.id,
    })
  })

  test('customer updated: before and after of the changed fields only', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const customer = await createCustomer(tenant, {
      identification: '1710034065',
      legalName: 'Nombre Viejo',
      phone: '022345678',
    })
    await as(client, user).put(`/app/customers/${customer.id}`, {
      identificationType: '05',
      identification: '1710034065',
      legalName: 'Nombre Nuevo',
      phone: '022345678',
    })
    const log = await entryOf(assert, tenant, 'customer.updated', {
      user,
      entity: 'customer',
      entityId: customer.id,
    })
    assert.deepEqual(log.before, { legalName: 'Nombre Viejo' })
    assert.deepEqual(log.after, { legalName: 'Nombre Nuevo' })
  })

  test('customer deactivated and reactivated', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    const customer = await createCustomer(tenant)
    await as(client, user).post(`/app/customers/${customer.id}/deactivate`)
    const off = await entryOf(assert, tenant, 'customer.deactivated', {
      user,
      entity: 'customer',
      entityId: customer.id,
    })
    assert.deepEqual([off.before, off.after], [{ isActive: true }, { isActive: false }])
    await as(client, user).post(`/app/customers/${customer.id}/reactivate`)
    const on = await entryOf(assert, tenant, 'customer.reactivated', {
      user,
      entity: 'customer',
      entityId: customer.id,
    })
    assert.deepEqual([on.before, on.after], [{ isActive: false }, { isActive: true }])
  })

  test('customers exported, with the format and filter', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('READONLY')
    const request = as(client, user).get('/app/customers/export/xlsx?q=Quito')
    request.request.parse(binary)
    await request
    const log = await entryOf(assert, tenant, 'customer.exported', { user, entity: 'customer' })
    assert.deepEqual(log.after, { format: 'xlsx', q: 'Quito', status: 'active' })
  })

  test('product created, updated, deactivated, reactivated and exported', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const base = {
      code: 'TOR-0114',
      description: 'Tornillo',
      unit: 'unidad',
      unitPrice: '0.25',
      taxCategory: 'iva_15',
    }
    await as(client, user).post('/app/products', base)
    const created = await entryOf(assert, tenant, 'product.created', { user, entity: 'product' })
    assert.include(created.after as object, { code: 'TOR-0114', unitPrice: '0.250000' })

    const id = Number(created.entityId)
    await as(client, user).put(`/app/products/${id}`, { ...base, unitPrice: '0.30' })
    const updated = await entryOf(assert, tenant, 'product.updated', {
      user,
      entity: 'product',
      entityId: id,
    })
    assert.deepEqual(updated.before, { unitPrice: '0.250000' })
    assert.deepEqual(updated.after, { unitPrice: '0.300000' })

    await as(client, user).post(`/app/products/${id}/deactivate`)
    await entryOf(assert, tenant, 'product.deactivated', { user, entity: 'product', entityId: id })
    await as(client, user).post(`/app/products/${id}/reactivate`)
    await entryOf(assert, tenant, 'product.reactivated', { user, entity: 'product', entityId: id })

    await as(client, user).get('/app/products/export/csv')
    await entryOf(assert, tenant, 'product.exported', { user, entity: 'product' })
  })

  test('saving without changes records nothing', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    const product = await createProduct(tenant, { code: 'SIN-1', unitPrice: '2' })
    await as(client, user).put(`/app/products/${product.id}`, {
      code: 'SIN-1',
      description: product.description,
      unitPrice: '2',
      taxCategory: product.taxCategory,
    })
    const logs = await AuditLog.query({ withoutTenantScope: INSPECT }).where(
      'action',
      'product.updated'
    )
    assert.lengthOf(logs, 0)
  })

  test('establishment created (with its first point), updated, deactivated, reactivated', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('ADMIN')
    await as(client, user).post('/app/establishments', {
      code: '002',
      name: 'Sucursal',
      address: 'Av. 10 de Agosto N24-15, Quito',
    })
    const created = await entryOf(assert, tenant, 'establishment.created', {
      user,
      entity: 'establishment',
    })
    assert.include(created.after as object, { code: '002', name: 'Sucursal' })
    const point = await entryOf(assert, tenant, 'emission_point.created', {
      user,
      entity: 'emission_point',
    })
    assert.include(point.after as object, { code: '001' })

    const id = Number(created.entityId)
    await as(client, user).put(`/app/establishments/${id}`, {
      code: '002',
      name: 'Sucursal Norte',
      address: 'Av. 10 de Agosto N24-15, Quito',
    })
    const updated = await entryOf(assert, tenant, 'establishment.updated', {
      user,
      entity: 'establishment',
      entityId: id,
    })
    assert.deepEqual(
      [updated.before, updated.after],
      [{ name: 'Sucursal' }, { name: 'Sucursal Norte' }]
    )

    await as(client, user).post(`/app/establishments/${id}/deactivate`)
    await entryOf(assert, tenant, 'establishment.deactivated', {
      user,
      entity: 'establishment',
      entityId: id,
    })
    await as(client, user).post(`/app/establishments/${id}/reactivate`)
    await entryOf(assert, tenant, 'establishment.reactivated', {
      user,
      entity: 'establishment',
      entityId: id,
    })
  })

  test('emission point added, updated, deactivated and reactivated', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('ADMIN')
    const { establishment } = await createPoint(tenant)
    await as(client, user).post(`/app/establishments/${establishment.id}/points`, {
      code: '002',
      description: 'Caja 2',
    })
    const created = await entryOf(assert, tenant, 'emission_point.created', {
      user,
      entity: 'emission_point',
    })
    assert.include(created.after as object, { code: '002', description: 'Caja 2' })
    const id = Number(created.entityId)

    await as(client, user).put(`/app/emission-points/${id}`, { code: '002', description: 'Caja B' })
    const updated = await entryOf(assert, tenant, 'emission_point.updated', {
      user,
      entity: 'emission_point',
      entityId: id,
    })
    assert.deepEqual(
      [updated.before, updated.after],
      [{ description: 'Caja 2' }, { description: 'Caja B' }]
    )

    await as(client, user).post(`/app/emission-points/${id}/deactivate`)
    await entryOf(assert, tenant, 'emission_point.deactivated', {
      user,
      entity: 'emission_point',
      entityId: id,
    })
    await as(client, user).post(`/app/emission-points/${id}/reactivate`)
    await entryOf(assert, tenant, 'emission_point.reactivated', {
      user,
      entity: 'emission_point',
      entityId: id,
    })
  })

  test('next number changed, with the number before', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('ADMIN')
    const { point } = await createPoint(tenant)
    await as(client, user).post(`/app/emission-points/${point.id}/next-number`, {
      documentType: 'invoice',
      environment: 'production',
      nextNumber: 1501,
    })
    const log = await entryOf(assert, tenant, 'numbering.next_number_set', {
      user,
      entity: 'numbering_sequence',
    })
    assert.deepEqual(log.before, { nextNumber: 1 })
    assert.deepEqual(log.after, {
      nextNumber: 1501,
      emissionPointId: point.id,
      documentType: 'invoice',
      environment: 'production',
    })
    // A refused change (backwards) records nothing more.
    await as(client, user).post(`/app/emission-points/${point.id}/next-number`, {
      documentType: 'invoice',
      environment: 'production',
      nextNumber: 10,
    })
    const all = await AuditLog.query({ withoutTenantScope: INSPECT }).where(
      'action',
      'numbering.next_number_set'
    )
    assert.lengthOf(all, 1)
  })

  test("a member's default emission point", async ({ client, assert }) => {
    const { tenant, user } = await createCompany('ADMIN')
    const operator = await createUser()
    const membership = await addMember(tenant, operator, 'OPERATOR')
    const { point } = await createPoint(tenant)
    await as(client, user).put(`/app/establishments/defaults/${membership.id}`, {
      emissionPointId: point.id,
    })
    const log = await entryOf(assert, tenant, 'member_default.set', {
      user,
      entity: 'member_default',
      entityId: membership.id,
    })
    assert.deepEqual([log.before, log.after], [null, { emissionPointId: point.id }])
  })

  test('import uploaded and started', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    const upload = await client
      .post('/app/imports')
      .field('kind', 'customers')
      .file(
        'file',
        Buffer.from('Tipo de identificación,Identificación,Razón social\n05,1710034065,Ana\n'),
        {
          filename: 'clientes.csv',
          contentType: 'text/csv',
        }
      )
      .loginAs(user)
      .header('user-agent', UA)
      .withCsrfToken()
      .redirects(0)
    const id = Number(upload.header('location')!.split('/').pop())
    const uploaded = await entryOf(assert, tenant, 'catalog_import.uploaded', {
      user,
      entity: 'catalog_import',
      entityId: id,
    })
    assert.include(uploaded.after as object, { kind: 'customers', fileName: 'clientes.csv' })
    await analyzeQueuedImport(id)

    await as(client, user).post(`/app/imports/${id}/start`, {
      mapping: { identificationType: 0, identification: 1, legalName: 2 },
    })
    const started = await entryOf(assert, tenant, 'catalog_import.started', {
      user,
      entity: 'catalog_import',
      entityId: id,
    })
    assert.deepEqual((started.after as any).mapping, {
      identificationType: 0,
      identification: 1,
      legalName: 2,
    })
    // No worker runs here: take the queued job away so no later test runs it.
    const jobs = await queue.getOrSet(CATALOG_IMPORT_QUEUE).getJobs(['waiting', 'delayed'])
    await jobs.find((job) => job?.data?.importId === id)?.remove()
  })
})

test.group('Audit trail: documents', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function authorize(company: EcCompany, id: number) {
    await tenantContext.run(company.tenant, async () => {
      for (let round = 0; round < 10; round++) {
        const outcome = await ProcessDocumentJob.run(id)
        if (outcome.next === 'done') break
      }
    })
  }

  test('draft saved, draft changed, then issued', async ({ client, assert }) => {
    const company = await createEcCompany()
    const { tenant, user } = company
    const draft = await as(client, user).post('/app/documents', {
      ...invoiceInput(company),
      intent: 'draft',
    })
    const id = Number(draft.header('location')!.split('/').pop())
    const saved = await entryOf(assert, tenant, 'document.draft_saved', {
      user,
      entity: 'document',
      entityId: id,
    })
    assert.include(saved.after as object, { type: 'invoice', status: 'DRAFT', number: null })

    const other = await createCustomer(tenant, { identification: '1710034065' })
    await as(client, user).put(`/app/documents/${id}`, {
      ...invoiceInput(company, { customerId: other.id }),
      intent: 'draft',
    })
    const updated = await entryOf(assert, tenant, 'document.draft_updated', {
      user,
      entity: 'document',
      entityId: id,
    })
    assert.deepEqual(updated.before, { customerId: company.customer.id })
    assert.deepEqual(updated.after, { customerId: other.id })

    await as(client, user).post(`/app/documents/${id}/issue`)
    const issued = await entryOf(assert, tenant, 'document.issued', {
      user,
      entity: 'document',
      entityId: id,
    })
    assert.include(issued.after as object, { status: 'ISSUED', number: '001-001-000000001' })
  })

  test('issued in one step; a replayed Idempotency-Key adds no entry', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany('OPERATOR')
    const send = () =>
      client
        .post('/app/documents')
        .json(invoiceInput(company))
        .header('idempotency-key', 'caja-1-ticket-9')
        .header('accept', 'application/json')
        .header('user-agent', UA)
        .loginAs(company.user)
        .withCsrfToken()
    const first = await send()
    await send()
    await entryOf(assert, company.tenant, 'document.issued', {
      user: company.user,
      entity: 'document',
      entityId: first.body().id,
    })
    const all = await AuditLog.query({ withoutTenantScope: INSPECT }).where(
      'action',
      'document.issued'
    )
    assert.lengthOf(all, 1)
  })

  test('XML and PDF downloads, by whom', async ({ client, assert }) => {
    const company = await createEcCompany()
    const reader = await createUser()
    await addMember(company.tenant, reader, 'READONLY')
    const { document } = await tenantContext.run(company.tenant, () =>
      issueNewDocument(company.tenant, invoiceInput(company))
    )
    for (const kind of ['xml', 'pdf'] as const) {
      const request = as(client, reader).get(`/app/documents/${document.id}/${kind}`)
      request.request.parse(binary)
      const response = await request
      response.assertStatus(200)
      const log = await entryOf(assert, company.tenant, `document.${kind}_downloaded`, {
        user: reader,
        entity: 'document',
        entityId: document.id,
      })
      assert.include(log.after as object, { number: document.number })
    }
    const signed = as(client, reader).get(`/app/documents/${document.id}/xml/signed`)
    signed.request.parse(binary)
    const response = await signed
    response.assertStatus(200)
    const log = await entryOf(assert, company.tenant, 'document.xml_downloaded', {
      user: reader,
      entity: 'document',
      entityId: document.id,
    })
    assert.include(log.after as object, { file: 'signed' })
  })

  test('credit note issued, and the customer e-mail sent again', async ({ client, assert }) => {
    mail.fake()
    try {
      const company = await createEcCompany()
      const { document } = await tenantContext.run(company.tenant, () =>
        issueNewDocument(company.tenant, invoiceInput(company))
      )
      await authorize(company, document.id)
      const invoice = await tenantContext.run(company.tenant, () =>
        Document.query().where('id', document.id).preload('lines').firstOrFail()
      )

      await as(client, company.user).post(`/app/documents/${invoice.id}/email`)
      const emailed = await entryOf(assert, company.tenant, 'document.email_queued', {
        user: company.user,
        entity: 'document',
        entityId: invoice.id,
      })
      assert.deepEqual((emailed.after as any).to, ['juan.andrade@example.com'])

      const line = invoice.lines.sort((a, b) => a.position - b.position)[0]
      const response = await as(client, company.user).post(
        `/app/documents/${invoice.id}/credit-notes`,
        { reason: 'Devolución', lines: [{ sourceLineId: line.id, quantity: '1' }] }
      )
      const noteId = Number(response.header('location')!.split('/').pop())
      const credited = await entryOf(assert, company.tenant, 'document.credit_note_issued', {
        user: company.user,
        entity: 'document',
        entityId: noteId,
      })
      assert.include(credited.after as object, {
        type: 'credit_note',
        referencedDocumentId: invoice.id,
        invoiceNumber: invoice.number,
        reason: 'Devolución',
      })
    } finally {
      mail.restore()
    }
  })

  test('a flagged document checked again', async ({ client, assert }) => {
    const company = await createEcCompany()
    const { document } = await tenantContext.run(company.tenant, () =>
      issueNewDocument(company.tenant, invoiceInput(company))
    )
    await tenantContext.run(company.tenant, async () => {
      await db.from('documents').where('id', document.id).update({ status: 'SUBMITTED' })
      await db
        .from('tax_submissions')
        .where('document_id', document.id)
        .update({ flagged_at: new Date() })
    })
    await as(client, company.user).post(`/app/documents/${document.id}/check-again`)
    await entryOf(assert, company.tenant, 'document.checked_again', {
      user: company.user,
      entity: 'document',
      entityId: document.id,
    })
  })
})

test.group('Audit trail: account', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => limiter.clear())

  test('password changed by its owner', async ({ client, assert }) => {
    const { user } = await createCompany('OWNER')
    await as(client, user).put('/account/password', {
      currentPassword: TEST_PASSWORD,
      password: 'clave-cambiada-88',
      password_confirmation: 'clave-cambiada-88',
    })
    await entryOf(assert, null, 'auth.password_changed', {
      user,
      entity: 'user',
      entityId: user.id,
    })
    const ended = await entryOf(assert, null, 'auth.sessions_ended', {
      user,
      entity: 'user',
      entityId: user.id,
    })
    assert.deepEqual(ended.after, { reason: 'password_changed' })
  })

  test('"sign out on the other devices"', async ({ client, assert }) => {
    const { user } = await createCompany('OWNER')
    await as(client, user).post('/account/sessions/end-others')
    const log = await entryOf(assert, null, 'auth.sessions_ended', {
      user,
      entity: 'user',
      entityId: user.id,
    })
    assert.deepEqual(log.after, { reason: 'other_devices' })
  })

  test('a sign-up with an address that has an account', async ({ client, assert }) => {
    const existing = await createUser()
    mail.fake()
    try {
      await client
        .post('/register')
        .form({
          country: 'EC',
          taxId: '1792146739001',
          legalName: 'Comercial Pichincha Cía. Ltda.',
          tradeName: 'Comercial Pichincha',
          address: 'Av. Amazonas N34-120, Quito',
          fullName: 'Alguien',
          email: existing.email,
          password: 'montaña-azul-2024',
          password_confirmation: 'montaña-azul-2024',
        })
        .header('user-agent', UA)
        .withCsrfToken()
        .redirects(0)
    } finally {
      mail.restore()
    }
    const log = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('action', 'auth.signup_existing_email')
      .where('entity_id', String(existing.id))
      .firstOrFail()
    assert.equal(log.ip, '127.0.0.1')
    assert.equal(log.userAgent, UA)
    assert.isNull(log.tenantId)
  })
})

test.group('Audit trail: the viewer filters by entity', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('by entity and by one entity id', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    const first = await createCustomer(tenant)
    const second = await createCustomer(tenant)
    const product = await createProduct(tenant)
    for (const path of [
      `/app/customers/${first.id}/deactivate`,
      `/app/customers/${second.id}/deactivate`,
      `/app/products/${product.id}/deactivate`,
    ]) {
      await as(client, user).post(path)
    }

    const customers = await client.get('/app/audit?entity=customer').loginAs(user).withInertia()
    const rows = customers.inertiaProps.logs as Array<{ entity: string; entityId: string }>
    assert.lengthOf(rows, 2)
    assert.isTrue(rows.every((row) => row.entity === 'customer'))
    customers.assertInertiaPropsContains({ filters: { entity: 'customer' } })

    const one = await client
      .get(`/app/audit?entity=customer&entityId=${second.id}`)
      .loginAs(user)
      .withInertia()
    const single = one.inertiaProps.logs as Array<{ action: string; entityId: string }>
    assert.deepEqual(
      single.map((row) => [row.action, row.entityId]),
      [['customer.deactivated', String(second.id)]]
    )

    const bad = await client.get('/app/audit?entity=nada').loginAs(user).withInertia().redirects(0)
    bad.assertStatus(302)
  })
})
