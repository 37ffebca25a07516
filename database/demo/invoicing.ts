/*
 * Demo documents for the Ecuador demo company: authorized, rejected and
 * pending invoices, clearly marked as demo data (`is_demo`). They are built
 * with the SRI adapter's pure build step but never signed nor sent: the seed
 * must work without a certificate or the SRI simulator, so their final
 * states, authority messages and XML are written directly. Idempotent: each
 * demo document has a fixed idempotency key.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import tax from '#adapters/core/services/tax'
import Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import Customer from '#catalog/models/customer'
import EmissionPoint from '#catalog/models/emission_point'
import Product from '#catalog/models/product'
import { allocateNumber } from '#catalog/numbering/allocate_number'
import Document from '#documents/models/document'
import DocumentEvent from '#documents/models/document_event'
import DocumentTax from '#documents/models/document_tax'
import { createDraft } from '#documents/actions/save_draft'
import { computeTotals } from '#documents/totals'
import { ratesFor } from '#documents/actions/save_draft'
import type { DocumentStatus } from '#documents/state_machine'
import { issuerContextFor } from '#certificates/issuer_context'
import TaxSubmission from '#tax/models/tax_submission'
import { loadForAuthority, toTaxDocument } from '#documents/tax_document'

interface DemoPlan {
  key: string
  status: Extract<DocumentStatus, 'AUTHORIZED' | 'REJECTED' | 'PENDING'>
  daysAgo: number
  quantities: string[]
}

const PLANS: DemoPlan[] = [
  { key: 'demo-ec-1', status: 'AUTHORIZED', daysAgo: 6, quantities: ['2', '1'] },
  { key: 'demo-ec-2', status: 'AUTHORIZED', daysAgo: 4, quantities: ['1'] },
  { key: 'demo-ec-3', status: 'AUTHORIZED', daysAgo: 2, quantities: ['3', '2', '1'] },
  { key: 'demo-ec-4', status: 'REJECTED', daysAgo: 1, quantities: ['1', '1'] },
  { key: 'demo-ec-5', status: 'PENDING', daysAgo: 0, quantities: ['5'] },
]

const REJECTION = {
  code: '39',
  text: 'FIRMA INVALIDA',
  additionalInfo: 'Demostración: la firma del comprobante no es válida.',
  severity: 'error' as const,
}

export async function seedDemoInvoicing() {
  const tenant = await Tenant.findBy('slug', 'los-andes')
  if (!tenant || !tax.has(tenant.country)) return
  await tenantContext.run(tenant, async () => {
    const point = await EmissionPoint.query().where('is_active', true).orderBy('id').first()
    const customers = await Customer.query()
      .where('is_active', true)
      .whereIn('identification_type', ['04', '05'])
      .orderBy('id')
    const products = await Product.query().where('is_active', true).orderBy('id').limit(5)
    if (!point || customers.length === 0 || products.length === 0) return

    for (const [index, plan] of PLANS.entries()) {
      if (await Document.findBy('idempotency_key', plan.key)) continue
      const customer = customers[index % customers.length]
      const lines = plan.quantities.map((quantity, lineIndex) => {
        const product = products[(index + lineIndex) % products.length]
        return {
          productId: product.id,
          code: product.code,
          description: product.description,
          quantity,
          unitPrice: product.unitPrice,
          discount: '0',
          taxCategory: product.taxCategory,
        }
      })
      const total = computeTotals(lines, ratesFor(tenant.country)).total
      const draft = await createDraft(
        tenant,
        {
          customerId: customer.id,
          establishmentId: point.establishmentId,
          emissionPointId: point.id,
          lines,
          payments: [{ method: '20', amount: total }],
          additionalInfo: [{ name: 'Nota', value: 'Documento de demostración' }],
        },
        { idempotencyKey: plan.key }
      )
      await seedFinalState(tenant, draft, plan)
    }
  })
}

async function seedFinalState(tenant: Tenant, document: Document, plan: DemoPlan) {
  const issueDate = DateTime.now().setZone('America/Guayaquil').minus({ days: plan.daysAgo })
  const authority = tax.use(tenant.country)
  const issuer = await issuerContextFor(tenant)
  await loadForAuthority(document)
  await db.transaction(async (trx) => {
    const sequential = await allocateNumber(trx, {
      tenantId: tenant.id,
      establishmentId: document.establishmentId,
      emissionPointId: document.emissionPointId,
      documentType: document.type,
      environment: document.environment,
    })
    const built = await authority.buildDocument(
      toTaxDocument(document, { sequential, issueDate: issueDate.toISODate()! }),
      issuer
    )
    const at = issueDate.set({ hour: 10 })
    document.useTransaction(trx)
    document.merge({
      status: plan.status,
      isDemo: true,
      issueDate: DateTime.fromISO(issueDate.toISODate()!),
      sequential,
      number: built.number,
      accessKey: built.authorityKey,
      // Demo data: the built XML, not signed by any certificate.
      signedXml: built.body,
      signedAt: at,
      subtotal: built.totals.subtotal,
      discountTotal: built.totals.discount,
      taxTotal: built.totals.taxes.reduce((sum, item) => sum + Number(item.amount), 0).toFixed(2),
      total: built.totals.total,
      technicalDetails: built.technical ?? null,
      authorizedAt: plan.status === 'AUTHORIZED' ? at.plus({ seconds: 5 }) : null,
      authorizationNumber: plan.status === 'AUTHORIZED' ? built.authorityKey : null,
      emailStatus: plan.status === 'AUTHORIZED' ? 'sent' : 'none',
      emailedAt: plan.status === 'AUTHORIZED' ? at.plus({ minutes: 1 }) : null,
    })
    await document.save()
    // Its submission, as the pipeline would have left it (never sent: is_demo).
    await TaxSubmission.create(
      {
        documentId: document.id,
        submittedAt: plan.status === 'PENDING' ? null : at.plus({ seconds: 2 }),
        pendingSince: plan.status === 'PENDING' ? at : null,
        lastError:
          plan.status === 'REJECTED'
            ? '39 Firma inválida'
            : plan.status === 'PENDING'
              ? 'Demostración: el SRI no respondió'
              : null,
      },
      { client: trx }
    )
    await DocumentTax.createMany(
      built.totals.taxes.map((item) => ({
        documentId: document.id,
        category: item.category,
        authorityCode: item.authorityCode,
        authorityRateCode: item.authorityRateCode,
        rate: item.rate,
        base: item.base,
        amount: item.amount,
      })),
      { client: trx }
    )
    const events: Array<Partial<DocumentEvent>> = [
      { kind: 'issued', fromStatus: 'DRAFT', toStatus: 'ISSUED', detail: `${built.number} · demo` },
    ]
    if (plan.status === 'PENDING') {
      events.push({
        kind: 'transport_error',
        fromStatus: 'ISSUED',
        toStatus: 'PENDING',
        detail: 'Demostración: el servicio del SRI no respondió.',
      })
    } else {
      events.push({ kind: 'submitted', fromStatus: 'ISSUED', toStatus: 'SUBMITTED' })
      events.push(
        plan.status === 'AUTHORIZED'
          ? { kind: 'authorized', fromStatus: 'SUBMITTED', toStatus: 'AUTHORIZED' }
          : {
              kind: 'rejected',
              fromStatus: 'SUBMITTED',
              toStatus: 'REJECTED',
              messages: [REJECTION],
            }
      )
    }
    for (const [offset, event] of events.entries()) {
      await DocumentEvent.create(
        {
          documentId: document.id,
          messages: [],
          raw: null,
          detail: null,
          ...event,
          createdAt: at.plus({ seconds: offset * 2 }),
        },
        { client: trx }
      )
    }
  })
}
