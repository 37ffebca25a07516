import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import tax from '#adapters/core/services/tax'
import type { NamedValue } from '#adapters/core/types'
import Customer from '#catalog/models/customer'
import EmissionPoint from '#catalog/models/emission_point'
import type Tenant from '#tenancy/models/tenant'
import Document from '#invoicing/models/document'
import DocumentLine from '#invoicing/models/document_line'
import DocumentPayment from '#invoicing/models/document_payment'
import { InvoicingException } from '#invoicing/errors'
import { computeTotals } from '#invoicing/totals'
import { recordEvent } from '#tax/transitions'
import { localToday } from '#tax/tax_document'

export interface DraftLineInput {
  productId?: number | null
  sourceLineId?: number | null
  code: string
  description: string
  unit?: string | null
  quantity: string
  unitPrice: string
  discount?: string | null
  taxCategory: string
}

export interface DraftInput {
  customerId: number | null
  establishmentId: number
  emissionPointId: number
  lines: DraftLineInput[]
  payments?: Array<{
    method: string
    amount: string
    term?: number | null
    termUnit?: string | null
  }>
  additionalInfo?: NamedValue[]
}

export interface DraftExtras {
  type?: 'invoice' | 'credit_note'
  referencedDocumentId?: number
  reason?: string
  idempotencyKey?: string | null
  createdBy?: number | null
  /** Credit notes keep the invoice's buyer as issued. */
  buyer?: { customerId: number | null; buyer: Document['buyer'] }
}

/** Tax rates of the company's country, by category code. */
export function ratesFor(country: string): Record<string, string> {
  return Object.fromEntries(
    tax
      .countryData(country)
      .taxCategories()
      .map((category) => [category.code, category.rate])
  )
}

async function buyerOf(customerId: number | null) {
  const customer = customerId ? await Customer.find(customerId) : null
  if (!customer || !customer.isActive) {
    throw new InvoicingException('invoicing.errors.customer_not_found', {}, 'customerId')
  }
  return {
    customerId: customer.id,
    buyer: {
      identificationType: customer.identificationType,
      identification: customer.identification,
      name: customer.legalName,
      address: customer.address ?? undefined,
      email: customer.emails?.length ? customer.emails.join(',') : undefined,
      phone: customer.phone ?? undefined,
    },
  }
}

async function pointOf(establishmentId: number, emissionPointId: number) {
  const point = await EmissionPoint.query()
    .where('id', emissionPointId)
    .where('establishment_id', establishmentId)
    .where('is_active', true)
    .first()
  if (!point) {
    throw new InvoicingException('invoicing.errors.point_not_found', {}, 'emissionPointId')
  }
  return point
}

async function writeChildren(
  document: Document,
  input: DraftInput,
  rates: Record<string, string>,
  trx: TransactionClientContract
) {
  await DocumentLine.query({ client: trx }).where('document_id', document.id).delete()
  await DocumentPayment.query({ client: trx }).where('document_id', document.id).delete()
  const totals = computeTotals(input.lines, rates)
  await DocumentLine.createMany(
    input.lines.map((line, index) => ({
      documentId: document.id,
      productId: line.productId ?? null,
      sourceLineId: line.sourceLineId ?? null,
      position: index + 1,
      code: line.code,
      description: line.description,
      unit: line.unit ?? null,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount: line.discount || '0',
      taxCategory: line.taxCategory,
      subtotal: totals.lines[index],
    })),
    { client: trx }
  )
  if (document.type === 'invoice') {
    await DocumentPayment.createMany(
      (input.payments ?? []).map((payment) => ({
        documentId: document.id,
        method: payment.method,
        amount: payment.amount,
        term: payment.term ?? null,
        termUnit: payment.termUnit ?? null,
      })),
      { client: trx }
    )
  }
}

/** Creates a DRAFT document (invoice by default) with its lines and payments. */
export async function createDraft(tenant: Tenant, input: DraftInput, extras: DraftExtras = {}) {
  const { customerId, buyer } = extras.buyer ?? (await buyerOf(input.customerId))
  await pointOf(input.establishmentId, input.emissionPointId)
  const totals = computeTotals(input.lines, ratesFor(tenant.country))
  return db.transaction(async (trx) => {
    const document = await Document.create(
      {
        type: extras.type ?? 'invoice',
        status: 'DRAFT',
        customerId,
        establishmentId: input.establishmentId,
        emissionPointId: input.emissionPointId,
        referencedDocumentId: extras.referencedDocumentId ?? null,
        reason: extras.reason ?? null,
        environment: tenant.authorityEnvironment,
        issueDate: DateTime.fromISO(localToday()),
        currency: tenant.currency || 'USD',
        buyer,
        additionalInfo: input.additionalInfo ?? [],
        subtotal: totals.subtotal,
        discountTotal: totals.discount,
        taxTotal: totals.taxTotal,
        tip: '0',
        total: totals.total,
        idempotencyKey: extras.idempotencyKey ?? null,
        createdBy: extras.createdBy ?? null,
        emailStatus: 'none',
        isDemo: false,
        submitAttempts: 0,
        statusChecks: 0,
      },
      { client: trx }
    )
    await writeChildren(document, input, ratesFor(tenant.country), trx)
    await recordEvent(document, { kind: 'created', toStatus: 'DRAFT' }, trx)
    return document
  })
}

/** Replaces a draft's customer, point, lines and payments. */
export async function updateDraft(tenant: Tenant, document: Document, input: DraftInput) {
  if (document.status !== 'DRAFT') throw new InvoicingException('invoicing.errors.not_draft')
  const { customerId, buyer } = await buyerOf(input.customerId)
  await pointOf(input.establishmentId, input.emissionPointId)
  const totals = computeTotals(input.lines, ratesFor(tenant.country))
  await db.transaction(async (trx) => {
    document.useTransaction(trx)
    document.merge({
      customerId,
      buyer,
      establishmentId: input.establishmentId,
      emissionPointId: input.emissionPointId,
      additionalInfo: input.additionalInfo ?? [],
      subtotal: totals.subtotal,
      discountTotal: totals.discount,
      taxTotal: totals.taxTotal,
      total: totals.total,
    })
    await document.save()
    await writeChildren(document, input, ratesFor(tenant.country), trx)
  })
  return document
}
