/*
 * "Anular" for the Panama demo company against the HKA simulator: an
 * authorized invoice is voided with AnulacionDocumento and ends VOIDED
 * (history, audit, `document:voided`); the reason is validated with its
 * label; a refusal or an unreachable PAC changes nothing and says why; a
 * voiding whose reply was lost is found by EstadoDocumento; another
 * company's document answers 404 and a read-only member 403.
 */
import { test } from '@japa/runner'
import emitter from '@adonisjs/core/services/emitter'
import tax from '#adapters/core/services/tax'
import AuditLog from '#accounts/models/audit_log'
import Document from '#documents/models/document'
import DocumentEvent from '#documents/models/document_event'
import { tenantContext } from '#tenancy/tenant_context'
import { issuerContextFor } from '#certificates/issuer_context'
import { INSPECT } from '#tests/helpers/tenancy'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { hkaGroup, issueThroughHka, istmo } from '#tests/helpers/panama'

const REASON = 'El cliente canceló la compra antes de la entrega'

test.group('Voiding a Panama document with HKA', (group) => {
  const hka = hkaGroup(group)

  test('an authorized invoice is voided with its reason: VOIDED, history, audit, event', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    const { document } = await issueThroughHka(client, company)
    assert.equal(document.status, 'AUTHORIZED')

    // The page offers "Anular" with the authority's reason length and window.
    const page = await client
      .get(`/app/documents/${document.id}`)
      .withInertia()
      .loginAs(company.owner)
    const voiding = page.inertiaProps.voiding as Record<string, unknown>
    assert.equal(voiding.by, 'authority')
    assert.isTrue(voiding.allowed)
    assert.deepEqual(voiding.reason, { min: 15, max: 250 })
    assert.isString(voiding.until)

    const voided: unknown[] = []
    emitter.on('document:voided', (change) => void voided.push(change))
    const response = await client
      .post(`/app/documents/${document.id}/void`)
      .form({ voidReason: REASON })
      .loginAs(company.owner)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', `/app/documents/${document.id}`)

    const after = await tenantContext.run(company.tenant, async () => {
      const row = await Document.findOrFail(document.id)
      const events = await DocumentEvent.query().where('document_id', document.id).orderBy('id')
      return { row, events }
    })
    assert.equal(after.row.status, 'VOIDED')
    assert.equal(after.row.voidReason, REASON)
    assert.isNotNull(after.row.voidedAt)
    const entry = after.events.at(-1)!
    assert.equal(entry.kind, 'voided')
    assert.equal(entry.fromStatus, 'AUTHORIZED')
    assert.equal(entry.toStatus, 'VOIDED')
    assert.equal(entry.detail, REASON)

    // HKA voided it, once, with that reason.
    assert.equal(hka.simulator.state[0].status, 'Anulada')
    assert.equal(hka.simulator.state[0].voidReason, REASON)
    assert.equal(hka.simulator.stats.calls.AnulacionDocumento, 1)
    assert.lengthOf(voided, 1)
    assert.deepInclude(voided[0] as object, { documentId: document.id, to: 'VOIDED' })

    const audits = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', company.tenant.id)
      .where('action', 'document.voided')
    assert.lengthOf(audits, 1)
    assert.equal(audits[0].entityId, String(document.id))
    assert.include(JSON.stringify(audits[0].after), REASON)

    // Voided is final: a second request is refused with a message, HKA not asked again.
    const again = await client
      .post(`/app/documents/${document.id}/void`)
      .json({ voidReason: REASON })
      .header('accept', 'application/json')
      .loginAs(company.owner)
      .withCsrfToken()
    again.assertStatus(422)
    assert.include(again.body().errors[0].message, 'Solo se pueden anular comprobantes autorizados')
    assert.equal(hka.simulator.stats.calls.AnulacionDocumento, 1)
  })

  test('the reason is checked with its label, in Spanish and English, before HKA is asked', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    const { document } = await issueThroughHka(client, company)
    const short = await client
      .post(`/app/documents/${document.id}/void`)
      .json({ voidReason: 'muy corto' })
      .header('accept', 'application/json')
      .loginAs(company.owner)
      .withCsrfToken()
    short.assertStatus(422)
    assert.equal(
      short.body().errors[0].message,
      'El campo motivo de la anulación debe tener al menos 15 caracteres.'
    )
    const long = await client
      .post(`/app/documents/${document.id}/void`)
      .json({ voidReason: 'x'.repeat(251) })
      .header('accept', 'application/json')
      .header('accept-language', 'en')
      .loginAs(company.owner)
      .withCsrfToken()
    long.assertStatus(422)
    assert.equal(
      long.body().errors[0].message,
      'The voiding reason field cannot have more than 250 characters.'
    )
    assert.equal(hka.simulator.stats.calls.AnulacionDocumento, 0)
    const row = await tenantContext.run(company.tenant, () => Document.findOrFail(document.id))
    assert.equal(row.status, 'AUTHORIZED')
  })

  test('HKA unreachable: nothing changes, the history says so, the owner gets a message', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    const { document } = await issueThroughHka(client, company)
    const lookups = hka.simulator.stats.calls.EstadoDocumento
    hka.simulator.setFault({ mode: 'down', operation: 'AnulacionDocumento', times: 1 })
    const response = await client
      .post(`/app/documents/${document.id}/void`)
      .json({ voidReason: REASON })
      .header('accept', 'application/json')
      .loginAs(company.owner)
      .withCsrfToken()
    response.assertStatus(422)
    assert.match(
      response.body().errors[0].message,
      /^La autoridad tributaria no anuló el comprobante: /
    )
    const after = await tenantContext.run(company.tenant, async () => ({
      row: await Document.findOrFail(document.id),
      last: await DocumentEvent.query()
        .where('document_id', document.id)
        .orderBy('id', 'desc')
        .firstOrFail(),
    }))
    assert.equal(after.row.status, 'AUTHORIZED')
    assert.isNull(after.row.voidedAt)
    assert.equal(after.last.kind, 'void_refused')
    assert.equal(hka.simulator.state[0].status, 'Autorizada')
    // It was looked up before giving up: the voiding did not go through.
    assert.equal(hka.simulator.stats.calls.EstadoDocumento, lookups + 1)
  })

  test('a voiding whose reply was lost is found by EstadoDocumento, and recorded once', async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    const { document } = await issueThroughHka(client, company)
    // An earlier attempt went through at HKA, but Facturo never heard back.
    const authority = tax.use('PA')
    const issuer = await tenantContext.run(company.tenant, () => issuerContextFor(company.tenant))
    const first = await authority.void({ authorityKey: document.accessKey! }, REASON, issuer)
    assert.equal(first.status, 'voided')

    const response = await client
      .post(`/app/documents/${document.id}/void`)
      .form({ voidReason: REASON })
      .loginAs(company.owner)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const events = await tenantContext.run(company.tenant, () =>
      DocumentEvent.query().where('document_id', document.id).where('kind', 'voided')
    )
    const row = await tenantContext.run(company.tenant, () => Document.findOrFail(document.id))
    assert.equal(row.status, 'VOIDED')
    assert.lengthOf(events, 1)
  })

  test("another company's document answers 404; a read-only member may not void", async ({
    client,
    assert,
  }) => {
    const company = await istmo()
    const { document } = await issueThroughHka(client, company)
    const other = await createCompany('OWNER', { country: 'PA' })
    const foreign = await client
      .post(`/app/documents/${document.id}/void`)
      .json({ voidReason: REASON })
      .header('accept', 'application/json')
      .loginAs(other.user)
      .withCsrfToken()
    foreign.assertStatus(404)

    const reader = await createUser()
    await addMember(company.tenant, reader, 'READONLY', { isDefault: true })
    const refused = await client
      .post(`/app/documents/${document.id}/void`)
      .json({ voidReason: REASON })
      .header('accept', 'application/json')
      .loginAs(reader)
      .withCsrfToken()
    refused.assertStatus(403)
    const page = await client.get(`/app/documents/${document.id}`).withInertia().loginAs(reader)
    page.assertStatus(200)
    assert.equal(hka.simulator.stats.calls.AnulacionDocumento, 0)
    const row = await tenantContext.run(company.tenant, () => Document.findOrFail(document.id))
    assert.equal(row.status, 'AUTHORIZED')
  })
})
