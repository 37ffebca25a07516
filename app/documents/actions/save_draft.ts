import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import tax from '#adapters/core/services/tax'
import type { NamedValue } from '#adapters/core/types'
import Customer from '#catalog/models/customer'
import Product from '#catalog/models/product'
import EmissionPoint from '#catalog/models/emission_point'
import type Tenant from '#tenancy/models/tenant'
import Document from '#documents/models/document'
import { InvoicingException } from '#documents/errors'
import { computeTotals, notAbove, type TotalsResult } from '#documents/totals'
import type { TaxDocumentSource } from '#documents/tax_document'

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
  /** Hash of the request that used the idempotency key (a reuse with another body is refused). */
  requestFingerprint?: string | null
  createdBy?: number | null
  /** Credit notes keep the invoice's buyer as issued. */
  buyer?: { customerId: number | null; buyer: Document['buyer'] }
}

/** Tax rates of the company's country, by category code. */
export function ratesFor(country: string): Record<string, string> {
  return Object.fromEntries(
    tax
      .use(country)
      .taxCategories()
      .map((category) => [category.code, category.rate])
  )
}

/** The largest amount a line, a tax or a document can store (numeric(14,2)). */
const MAX_AMOUNT = '999999999999.99'

/**
 * The totals, refused with a message when a line or the document would not
 * fit its column (a huge quantity times a huge price): a 422 next to the
 * line, never a numeric overflow in the database.
 */
function storableTotals(tenant: Tenant, lines: DraftLineInput[]): TotalsResult {
  const totals = computeTotals(lines, ratesFor(tenant.country))
  totals.lines.forEach((amount, index) => {
    if (!notAbove(amount, MAX_AMOUNT)) {
      throw new InvoicingException(
        'invoicing.errors.line_too_large',
        { amount, max: MAX_AMOUNT },
        `lines.${index}.quantity`
      )
    }
  })
  if (![totals.subtotal, totals.taxTotal, totals.total].every((v) => notAbove(v, MAX_AMOUNT))) {
    throw new InvoicingException('invoicing.errors.total_too_large', { max: MAX_AMOUNT })
  }
  return totals
}

/** The constraint that ties a line's product to the company's own catalog. */
const LINE_PRODUCT_KEY = 'document_lines_tenant_id_product_id_foreign'

/**
 * Runs the transaction that writes a document's lines, turning the
 * database's refusal of a product that is not the company's (it does not
 * exist, or belongs to another company: the composite key refuses both
 * alike) into a message next to that line. The check costs nothing on the
 * issue path: the key does it while inserting. PostgreSQL does not name the
 * key's values for a table under row-level security, so the failing line is
 * found afterwards, once the transaction is gone.
 */
export async function refusingForeignProducts<T>(
  input: DraftInput,
  transaction: () => Promise<T>
): Promise<T> {
  try {
    return await transaction()
  } catch (error) {
    const failure = error as { code?: string; constraint?: string }
    if (failure.code !== '23503' || failure.constraint !== LINE_PRODUCT_KEY) throw error
    const ids = input.lines.map((line) => line.productId).filter((id): id is number => !!id)
    const found = await Product.query().whereIn('id', ids).select('id')
    const known = new Set(found.map((product) => product.id))
    const index = input.lines.findIndex((line) => !!line.productId && !known.has(line.productId))
    throw new InvoicingException(
      'invoicing.errors.product_not_found',
      {},
      `lines.${Math.max(index, 0)}.productId`
    )
  }
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
      // The identification details a country keeps beyond type and number.
      checkDigits: customer.checkDigits ?? undefined,
      taxpayerType: customer.taxpayerType ?? undefined,
      foreignIdType: customer.foreignIdType ?? undefined,
      foreignCountry: customer.foreignCountry ?? undefined,
    },
  }
}

/** The active point of the establishment, with the codes and address the document prints. */
async function pointOf(establishmentId: number, emissionPointId: number) {
  const point = await EmissionPoint.query()
    .join('establishments', (join) => {
      join
        .on('establishments.id', 'emission_points.establishment_id')
        .andOn('establishments.tenant_id', 'emission_points.tenant_id')
    })
    .where('emission_points.id', emissionPointId)
    .where('emission_points.establishment_id', establishmentId)
    .where('emission_points.is_active', true)
    .select('emission_points.code', 'establishments.code as establishment_code')
    .select('establishments.address as establishment_address')
    .first()
  if (!point) {
    throw new InvoicingException('invoicing.errors.point_not_found', {}, 'emissionPointId')
  }
  return {
    code: point.code,
    establishment: {
      code: String(point.$extras.establishment_code),
      address: String(point.$extras.establishment_address),
    },
  }
}

async function writeChildren(
  document: Pick<Document, 'id' | 'tenantId' | 'type'>,
  input: DraftInput,
  totals: TotalsResult,
  trx: TransactionClientContract
) {
  await trx.from('document_lines').where('document_id', document.id).delete()
  await trx.from('document_payments').where('document_id', document.id).delete()
  await insertChildren(document, input, totals, trx)
}

/** Lines and payments of a document (a draft being edited): one multi-row insert each. */
async function insertChildren(
  document: Pick<Document, 'id' | 'tenantId' | 'type'>,
  input: DraftInput,
  totals: TotalsResult,
  trx: TransactionClientContract
) {
  const createdAt = new Date()
  await trx
    .insertQuery()
    .table('document_lines')
    .multiInsert(
      linesOf(input, totals).map((line) => ({
        ...line,
        tenant_id: document.tenantId,
        document_id: document.id,
        created_at: createdAt,
      }))
    )
  const payments = document.type === 'invoice' ? paymentsOf(input) : []
  if (payments.length === 0) return
  await trx
    .insertQuery()
    .table('document_payments')
    .multiInsert(
      payments.map((payment) => ({
        ...payment,
        tenant_id: document.tenantId,
        document_id: document.id,
      }))
    )
}

function linesOf(input: DraftInput, totals: TotalsResult) {
  return input.lines.map((line, index) => ({
    product_id: line.productId ?? null,
    source_line_id: line.sourceLineId ?? null,
    position: index + 1,
    code: line.code,
    description: line.description,
    unit: line.unit ?? null,
    quantity: line.quantity,
    unit_price: line.unitPrice,
    discount: line.discount || '0',
    tax_category: line.taxCategory,
    subtotal: totals.lines[index],
  }))
}

function paymentsOf(input: DraftInput) {
  return (input.payments ?? []).map((payment) => ({
    method: payment.method,
    amount: payment.amount,
    term: payment.term ?? null,
    term_unit: payment.termUnit ?? null,
  }))
}

/**
 * A new document, its lines, its payments and its "created" event in one
 * statement (one round trip to PostgreSQL instead of four; the issue path
 * runs this for every invoice).
 */
const INSERT_DRAFT = `
  with doc as (
    insert into documents (
      tenant_id, type, status, customer_id, establishment_id, emission_point_id,
      referenced_document_id, reason, environment, issue_date, currency, buyer, additional_info,
      subtotal, discount_total, tax_total, tip, total, idempotency_key, request_fingerprint,
      created_by, email_status, is_demo, created_at, updated_at)
    values (?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, 0, ?, ?, ?, ?,
      'none', false, ?, ?)
    returning *
  ), lines as (
    insert into document_lines (
      tenant_id, document_id, product_id, source_line_id, position, code, description, unit,
      quantity, unit_price, discount, tax_category, subtotal, created_at)
    select doc.tenant_id, doc.id, l.product_id, l.source_line_id, l.position, l.code,
           l.description, l.unit, l.quantity, l.unit_price, l.discount, l.tax_category,
           l.subtotal, doc.created_at
    from doc cross join json_to_recordset(?::json) as l(
      product_id integer, source_line_id integer, position integer, code text,
      description text, unit text, quantity numeric, unit_price numeric, discount numeric,
      tax_category text, subtotal numeric)
  ), payments as (
    insert into document_payments (tenant_id, document_id, method, amount, term, term_unit)
    select doc.tenant_id, doc.id, p.method, p.amount, p.term, p.term_unit
    from doc cross join json_to_recordset(?::json) as p(
      method text, amount numeric, term integer, term_unit text)
  ), created as (
    insert into document_events (tenant_id, document_id, kind, to_status, messages, created_at)
    select doc.tenant_id, doc.id, 'created', 'DRAFT', '[]'::jsonb, doc.created_at from doc
  )
  select * from doc`

/** What a new draft needs from the database, read before any transaction. */
export interface PreparedDraft {
  customerId: number | null
  buyer: Document['buyer']
  point: Awaited<ReturnType<typeof pointOf>>
  totals: TotalsResult
}

/** Checks the customer and the emission point and computes the totals (no writes). */
export async function prepareDraft(
  tenant: Tenant,
  input: DraftInput,
  extras: DraftExtras = {}
): Promise<PreparedDraft> {
  const { customerId, buyer } = extras.buyer ?? (await buyerOf(input.customerId))
  const point = await pointOf(input.establishmentId, input.emissionPointId)
  const totals = storableTotals(tenant, input.lines)
  return { customerId, buyer, point, totals }
}

/**
 * The neutral document of a new invoice or credit note, assembled from the
 * request and what prepareDraft read (nothing read back from the database).
 */
export function draftSource(
  tenant: Tenant,
  input: DraftInput,
  prepared: PreparedDraft,
  note?: { reason: string; invoice: Document }
): TaxDocumentSource {
  return {
    type: note ? 'credit_note' : 'invoice',
    issueDate: DateTime.fromISO(tax.use(tenant.country).today()),
    currency: tenant.currency || tax.use(tenant.country).profile.currency.code,
    establishment: prepared.point.establishment,
    emissionPoint: prepared.point,
    sequential: null,
    accessKey: null,
    buyer: prepared.buyer,
    lines: input.lines.map((line, index) => ({
      position: index + 1,
      code: line.code,
      description: line.description,
      unit: line.unit ?? null,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount: line.discount || '0',
      taxCategory: line.taxCategory,
    })),
    payments: note
      ? []
      : (input.payments ?? []).map((payment) => ({
          method: payment.method,
          amount: payment.amount,
          term: payment.term ?? null,
          termUnit: payment.termUnit ?? null,
        })),
    tip: '0',
    additionalInfo: note ? [] : (input.additionalInfo ?? []),
    reason: note?.reason ?? null,
    referencedDocument: note
      ? {
          type: note.invoice.type,
          number: note.invoice.number,
          issueDate: note.invoice.issueDate,
          accessKey: note.invoice.accessKey,
        }
      : null,
  }
}

/** Writes a DRAFT document with its lines, payments and "created" event inside `trx`. */
export async function insertDraft(
  trx: TransactionClientContract,
  tenant: Tenant,
  input: DraftInput,
  prepared: PreparedDraft,
  extras: DraftExtras = {}
) {
  const { totals } = prepared
  const type = extras.type ?? 'invoice'
  const now = new Date()
  const bindings: unknown[] = [
    tenant.id,
    type,
    prepared.customerId,
    input.establishmentId,
    input.emissionPointId,
    extras.referencedDocumentId ?? null,
    extras.reason ?? null,
    tenant.authorityEnvironment,
    tax.use(tenant.country).today(),
    tenant.currency || tax.use(tenant.country).profile.currency.code,
    JSON.stringify(prepared.buyer),
    JSON.stringify(input.additionalInfo ?? []),
    totals.subtotal,
    totals.discount,
    totals.taxTotal,
    totals.total,
    extras.idempotencyKey ?? null,
    extras.requestFingerprint ?? null,
    extras.createdBy ?? null,
    now,
    now,
    JSON.stringify(linesOf(input, totals)),
    JSON.stringify(type === 'invoice' ? paymentsOf(input) : []),
  ]
  // knex's binding type leaves out null, which PostgreSQL takes as NULL.
  const result = await trx.rawQuery(INSERT_DRAFT, bindings as string[])
  return Document.$createFromAdapterResult(result.rows[0])!
}

/** Creates a DRAFT document (invoice by default) with its lines and payments. */
export async function createDraft(tenant: Tenant, input: DraftInput, extras: DraftExtras = {}) {
  const prepared = await prepareDraft(tenant, input, extras)
  return refusingForeignProducts(input, () =>
    db.transaction((trx) => insertDraft(trx, tenant, input, prepared, extras))
  )
}

/** Replaces a draft's customer, point, lines and payments. */
export async function updateDraft(tenant: Tenant, document: Document, input: DraftInput) {
  if (document.status !== 'DRAFT') throw new InvoicingException('invoicing.errors.not_draft')
  const { customerId, buyer } = await buyerOf(input.customerId)
  await pointOf(input.establishmentId, input.emissionPointId)
  const totals = storableTotals(tenant, input.lines)
  await refusingForeignProducts(input, () =>
    db.transaction(async (trx) => {
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
      await writeChildren(document, input, totals, trx)
    })
  )
  return document
}
