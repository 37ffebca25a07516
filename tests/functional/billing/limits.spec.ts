import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import db from '@adonisjs/lucid/services/db'
import Document from '#documents/models/document'
import Establishment from '#catalog/models/establishment'
import Membership from '#accounts/models/membership'
import AuditLog from '#accounts/models/audit_log'
import { tenantContext } from '#tenancy/tenant_context'
import ProcessDocumentJob from '#tax/jobs/process_document_job'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import { createCreditNote } from '#documents/actions/create_credit_note'
import { PlanLimitException } from '#billing/errors'
import { ensureApiAccess, hasApiAccess } from '#billing/usage/api_access'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { createEcCompany, invoiceInput, issuingGroup } from '#tests/helpers/invoicing'
import { documentsUsed, setDocumentsUsed, setPlan } from '#tests/helpers/billing'
import { INSPECT, reload } from '#tests/helpers/tenancy'

test.group('Plan limits: documents per month', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('issuing past the month limit is refused with the limit, the plan and a link; the form is kept as a draft', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    await setPlan(company.tenant, 'basico')
    await setDocumentsUsed(company.tenant, 100)

    const response = await client
      .post('/app/documents')
      .json(invoiceInput(company))
      .header('x-inertia', 'true')
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const drafts = await tenantContext.run(company.tenant, () => Document.query())
    assert.lengthOf(drafts, 1)
    assert.equal(drafts[0].status, 'DRAFT')
    assert.isNull(drafts[0].number)
    response.assertHeader('location', `/app/documents/${drafts[0].id}/edit`)
    response.assertFlashMessage(
      'error',
      'Tu plan Básico incluye 100 comprobantes al mes y este mes ya se emitieron 100. Para emitir más, mejora tu plan o espera al próximo mes; tus borradores se conservan.'
    )
    response.assertFlashMessage('errorLink', {
      href: '/app/billing',
      label: 'Ver planes y mejorar',
    })
    assert.equal(await documentsUsed(company.tenant), 100)
    const kept = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', company.tenant.id)
      .where('action', 'document.draft_saved')
    assert.deepEqual(
      kept.map((row) => row.entityId),
      [String(drafts[0].id)]
    )
    // Every page says the month's limit is reached, with the way out for the owner.
    const list = await client.get('/app/documents').loginAs(company.user).withInertia()
    list.assertInertiaPropsContains({
      billingBanner: { kind: 'documents_limit', limit: 100, canManage: true },
    })

    // API clients get the same, as JSON, in English when they ask.
    const json = await client
      .post('/app/documents')
      .json(invoiceInput(company))
      .header('accept', 'application/json')
      .header('accept-language', 'en')
      .loginAs(company.user)
      .withCsrfToken()
    json.assertStatus(422)
    assert.equal(
      json.body().errors[0].message,
      'Your Basic plan includes 100 documents a month and 100 were issued this month. To issue more, upgrade your plan or wait for next month; your drafts are kept.'
    )
    assert.equal(json.body().upgradeUrl, '/app/billing')
    assert.deepEqual(json.body().limit, { kind: 'documents', used: 100, maximum: 100 })
    assert.isNumber(json.body().draftId)
  })

  test('drafts still save at the limit; issuing one waits for room, and the last free one counts', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany()
    await setPlan(company.tenant, 'basico')
    await setDocumentsUsed(company.tenant, 100)

    const draft = await client
      .post('/app/documents')
      .json({ ...invoiceInput(company), intent: 'draft' })
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    draft.assertStatus(201)
    const id = draft.body().id

    const refused = await client
      .post(`/app/documents/${id}/issue`)
      .header('accept', 'application/json')
      .loginAs(company.user)
      .withCsrfToken()
    refused.assertStatus(422)
    assert.equal(refused.body().errors[0].rule, 'plan_limit')
    const kept = await tenantContext.run(company.tenant, () => Document.findOrFail(id))
    assert.equal(kept.status, 'DRAFT')
    assert.isNull(kept.sequential)

    await setDocumentsUsed(company.tenant, 99)
    const issued = await client
      .post(`/app/documents/${id}/issue`)
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    issued.assertStatus(302)
    const done = await tenantContext.run(company.tenant, () => Document.findOrFail(id))
    assert.equal(done.status, 'ISSUED')
    assert.equal(done.number, '001-001-000000001')
    assert.equal(await documentsUsed(company.tenant), 100)
  })

  test('every issue counts once, in the month of the company time zone', async ({ assert }) => {
    const company = await createEcCompany()
    await setPlan(company.tenant, 'basico')
    await tenantContext.run(company.tenant, async () => {
      await issueNewDocument(company.tenant, invoiceInput(company), { issue: false })
      await issueNewDocument(company.tenant, invoiceInput(company))
      await issueNewDocument(company.tenant, invoiceInput(company))
    })
    // The draft does not count; the two issues do.
    assert.equal(await documentsUsed(company.tenant), 2)
    const row = await tenantContext.run(company.tenant, () =>
      db.from('usage_periods').where('tenant_id', company.tenant.id).firstOrFail()
    )
    const start = new Date(row.period_start)
    assert.equal(start.getUTCDate(), 1)
  })

  test('documents already issued still go through the authority at the limit, even suspended', async ({
    assert,
  }) => {
    const company = await createEcCompany()
    await setPlan(company.tenant, 'basico')
    const { document } = await tenantContext.run(company.tenant, () =>
      issueNewDocument(company.tenant, invoiceInput(company))
    )
    await setDocumentsUsed(company.tenant, 100)
    company.tenant.status = 'SUSPENDED'
    await company.tenant.save()

    const done = await tenantContext.run(company.tenant, async () => {
      await ProcessDocumentJob.run(document.id)
      return Document.findOrFail(document.id)
    })
    assert.equal(done.status, 'AUTHORIZED')
    assert.equal(await documentsUsed(company.tenant), 100)
  })

  test('credit notes count against the same monthly limit', async ({ assert }) => {
    const company = await createEcCompany()
    await setPlan(company.tenant, 'basico')
    const invoice = await tenantContext.run(company.tenant, async () => {
      const { document } = await issueNewDocument(company.tenant, invoiceInput(company))
      await ProcessDocumentJob.run(document.id)
      return Document.findOrFail(document.id)
    })
    assert.equal(invoice.status, 'AUTHORIZED')

    await setDocumentsUsed(company.tenant, 100)
    await assert.rejects(
      () =>
        tenantContext.run(company.tenant, () =>
          createCreditNote(company.tenant, invoice, { reason: 'Devolución' })
        ),
      PlanLimitException
    )
    await setDocumentsUsed(company.tenant, 99)
    const note = await tenantContext.run(company.tenant, () =>
      createCreditNote(company.tenant, invoice, { reason: 'Devolución' })
    )
    assert.equal(note.status, 'ISSUED')
    assert.equal(await documentsUsed(company.tenant), 100)
  })
})

test.group('Plan limits: establishments and users', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('a new or reactivated establishment needs room in the plan', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    await setPlan(tenant, 'basico')
    const create = (code: string) =>
      client
        .post('/app/establishments')
        .form({ code, name: `Local ${code}`, address: 'Av. Amazonas 123, Quito' })
        .header('referer', '/app/establishments/create')
        .loginAs(user)
        .withCsrfToken()
        .redirects(0)

    const created = await create('001')
    created.assertHeader('location', '/app/establishments')
    const refused = await create('002')
    refused.assertHeader('location', '/app/establishments/create')
    refused.assertFlashMessage(
      'error',
      'Tu plan Básico incluye 1 establecimiento activo y ya tienes 1. Mejora tu plan para agregar otro, o desactiva uno que no uses.'
    )
    const codes = async () => {
      const rows = await Establishment.query({ withoutTenantScope: INSPECT })
        .where('tenant_id', tenant.id)
        .orderBy('code')
      return rows.map((row) => `${row.code}:${row.isActive}`)
    }
    assert.deepEqual(await codes(), ['001:true'])

    const [first] = await Establishment.query({ withoutTenantScope: INSPECT }).where(
      'tenant_id',
      tenant.id
    )
    await client
      .post(`/app/establishments/${first.id}/deactivate`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    const replaced = await create('002')
    replaced.assertHeader('location', '/app/establishments')

    const reactivate = await client
      .post(`/app/establishments/${first.id}/reactivate`)
      .header('referer', '/app/establishments')
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    reactivate.assertFlashMessage(
      'error',
      'Tu plan Básico incluye 1 establecimiento activo y ya tienes 1. Mejora tu plan para agregar otro, o desactiva uno que no uses.'
    )
    assert.deepEqual(await codes(), ['001:false', '002:true'])

    await setPlan(tenant, 'profesional')
    await client
      .post(`/app/establishments/${first.id}/reactivate`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    assert.deepEqual(await codes(), ['001:true', '002:true'])
  })

  test('open invitations hold seats: a two-user plan takes one invitation, not two', async ({
    client,
    assert,
  }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    await setPlan(tenant, 'basico')
    mail.fake()
    const invite = (email: string) =>
      client
        .post('/app/users/invitations')
        .form({ email, role: 'OPERATOR' })
        .header('referer', '/app/users')
        .loginAs(owner)
        .withCsrfToken()
        .redirects(0)

    const first = await invite('uno@example.com')
    first.assertFlashMessage(
      'success',
      'Enviamos la invitación a uno@example.com. El enlace vence en 7 días.'
    )
    const second = await invite('dos@example.com')
    second.assertFlashMessage(
      'error',
      'El plan Básico de la empresa incluye 2 usuarios y ya están ocupados 2 (miembros activos e invitaciones pendientes). Para sumar a alguien más, el propietario debe mejorar el plan o liberar un puesto.'
    )
    second.assertFlashMessage('errorLink', { href: '/app/billing', label: 'Ver planes y mejorar' })
    const open = await tenantContext.run(tenant, () =>
      db.from('invitations').where('tenant_id', tenant.id).whereNull('revoked_at')
    )
    assert.deepEqual(
      open.map((row) => row.email),
      ['uno@example.com']
    )
    // Inviting the same address again replaces its invitation: no extra seat.
    const again = await invite('uno@example.com')
    again.assertFlashMessage(
      'success',
      'Enviamos la invitación a uno@example.com. El enlace vence en 7 días.'
    )
  })

  test("seats taken with the company's join code count; a full plan refuses the next one", async ({
    client,
    assert,
  }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    await setPlan(tenant, 'basico')
    const codeResponse = await client
      .post('/app/users/join-codes')
      .json({ role: 'OPERATOR', expiresInDays: 7 })
      .loginAs(owner)
      .withCsrfToken()
      .redirects(0)
    const code = codeResponse.flashMessages()?.joinCode as string

    const first = await createUser()
    const joined = await client
      .post('/join')
      .form({ code })
      .loginAs(first)
      .withCsrfToken()
      .redirects(0)
    joined.assertHeader('location', '/app')

    const second = await createUser()
    const refused = await client
      .post('/join')
      .form({ code })
      .header('referer', '/join')
      .loginAs(second)
      .withCsrfToken()
      .redirects(0)
    refused.assertHeader('location', '/join')
    refused.assertFlashMessage(
      'error',
      'El plan Básico de la empresa incluye 2 usuarios y ya están ocupados 2 (miembros activos e invitaciones pendientes). Para sumar a alguien más, el propietario debe mejorar el plan o liberar un puesto.'
    )
    // Not a member of that company: no link to a billing page they cannot open.
    assert.isUndefined(refused.flashMessages()?.errorLink)

    const members = await Membership.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('is_active', true)
    assert.lengthOf(members, 2)
    const stored = await tenantContext.run(tenant, () =>
      db.from('invitations').where('tenant_id', tenant.id).firstOrFail()
    )
    assert.equal(stored.use_count, 1)

    // A new person signing up with the code is refused too, and no account is left behind.
    const signup = await client
      .post('/join/register')
      .form({
        code,
        fullName: 'Pedro Páramo',
        email: 'pedro@example.com',
        password: 'clave-segura-2024',
        password_confirmation: 'clave-segura-2024',
      })
      .header('referer', '/join')
      .withCsrfToken()
      .redirects(0)
    signup.assertHeader('location', '/join')
    assert.isNull(await db.from('users').where('email', 'pedro@example.com').first())
  })

  test('reactivating a member needs a free seat', async ({ client, assert }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    await setPlan(tenant, 'basico')
    const away = await addMember(tenant, await createUser(), 'OPERATOR', { isActive: false })
    await addMember(tenant, await createUser(), 'OPERATOR')

    const response = await client
      .post(`/app/users/${away.id}/reactivate`)
      .header('referer', '/app/users')
      .loginAs(owner)
      .withCsrfToken()
      .redirects(0)
    response.assertFlashMessage(
      'error',
      'El plan Básico de la empresa incluye 2 usuarios y ya están ocupados 2 (miembros activos e invitaciones pendientes). Para sumar a alguien más, el propietario debe mejorar el plan o liberar un puesto.'
    )
    await reload(away)
    assert.isFalse(away.isActive)
  })

  test('API access is a flag of the plan', async ({ assert }) => {
    const { tenant } = await createCompany('OWNER')
    await setPlan(tenant, 'profesional')
    assert.isFalse(await hasApiAccess(tenant))
    await assert.rejects(() => ensureApiAccess(tenant), /API/)
    await setPlan(tenant, 'empresarial')
    assert.isTrue(await hasApiAccess(tenant))
    await ensureApiAccess(tenant)
  })
})
