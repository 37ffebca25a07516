/*
 * Documents written straight into the tables, in the state a report reads
 * (authorized, rejected, pending …), with figures chosen by the test: the
 * report tests compare sums with hand-computed values, so they must not
 * depend on the pipeline's own arithmetic.
 */
import { DateTime } from 'luxon'
import { Decimal } from 'decimal.js'
import Document from '#documents/models/document'
import DocumentLine from '#documents/models/document_line'
import DocumentTax from '#documents/models/document_tax'
import Establishment from '#catalog/models/establishment'
import EmissionPoint from '#catalog/models/emission_point'
import type Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import type { DocumentStatus } from '#documents/state_machine'

export interface SeedLine {
  code: string
  category: string
  base: string
  /** Percentage of the category ("15"). */
  rate: string
}

export interface SeedExtraTax {
  category: string
  authorityCode: string
  authorityRateCode: string
  rate: string
  base: string
  amount: string
}

export interface SeedDocument {
  type?: 'invoice' | 'credit_note'
  status?: DocumentStatus
  issueDate: string
  point: { establishmentId: number; emissionPointId: number }
  buyer: { identification: string; name: string; email?: string }
  lines: SeedLine[]
  /** Taxes not computed from the lines (ICE), and the IVA base they raise. */
  extraTaxes?: SeedExtraTax[]
  ivaBaseExtra?: Record<string, string>
  referencedDocumentId?: number
  environment?: 'test' | 'production'
  customerId?: number | null
}

const RATE_CODES: Record<string, string> = {
  iva_15: '4',
  iva_5: '5',
  iva_0: '0',
  iva_no_objeto: '6',
  iva_exento: '7',
  itbms_7: '02',
}

let sequential = 0

/** One document with its lines and tax rows, inside the tenant's context. */
export async function seedDocument(tenant: Tenant, input: SeedDocument): Promise<Document> {
  return tenantContext.run(tenant, async () => {
    const byCategory = new Map<string, { base: Decimal; rate: string }>()
    for (const line of input.lines) {
      const entry = byCategory.get(line.category) ?? { base: new Decimal(0), rate: line.rate }
      entry.base = entry.base.plus(line.base)
      byCategory.set(line.category, entry)
    }
    for (const [category, extra] of Object.entries(input.ivaBaseExtra ?? {})) {
      byCategory.get(category)!.base = byCategory.get(category)!.base.plus(extra)
    }
    const taxes = [...byCategory.entries()].map(([category, { base, rate }]) => ({
      category,
      authorityCode: '2',
      authorityRateCode: RATE_CODES[category] ?? '0',
      rate,
      base: base.toFixed(2),
      amount: base.times(rate).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
    }))
    taxes.push(...(input.extraTaxes ?? []))
    const subtotal = input.lines.reduce((sum, line) => sum.plus(line.base), new Decimal(0))
    const taxTotal = taxes.reduce((sum, item) => sum.plus(item.amount), new Decimal(0))
    sequential += 1
    const status = input.status ?? 'AUTHORIZED'
    const document = await Document.create({
      type: input.type ?? 'invoice',
      status,
      customerId: input.customerId ?? null,
      establishmentId: input.point.establishmentId,
      emissionPointId: input.point.emissionPointId,
      referencedDocumentId: input.referencedDocumentId ?? null,
      environment: input.environment ?? 'test',
      issueDate: DateTime.fromISO(input.issueDate),
      currency: 'USD',
      sequential,
      number: `001-001-${String(sequential).padStart(9, '0')}`,
      buyer: { identificationType: '05', ...input.buyer },
      additionalInfo: [],
      subtotal: subtotal.toFixed(2),
      discountTotal: '0.00',
      taxTotal: taxTotal.toFixed(2),
      tip: '0.00',
      total: subtotal.plus(taxTotal).toFixed(2),
      signedXml: status === 'DRAFT' ? null : `<factura id="comprobante">${sequential}</factura>`,
      authorizationXml:
        status === 'AUTHORIZED'
          ? `<autorizacion><estado>AUTORIZADO</estado><n>${sequential}</n></autorizacion>`
          : null,
      authorizedAt: status === 'AUTHORIZED' ? DateTime.fromISO(input.issueDate) : null,
      emailStatus: 'none',
      isDemo: false,
    })
    let position = 0
    for (const line of input.lines) {
      position += 1
      await DocumentLine.create({
        documentId: document.id,
        position,
        code: line.code,
        description: `Producto ${line.code}`,
        quantity: '1',
        unitPrice: line.base,
        discount: '0',
        taxCategory: line.category,
        subtotal: line.base,
      })
    }
    for (const item of taxes) {
      await DocumentTax.create({ documentId: document.id, ...item })
    }
    return document
  })
}

/** An establishment with one emission point ("002-001"). */
export async function seedPoint(tenant: Tenant, code: string) {
  return tenantContext.run(tenant, async () => {
    const establishment = await Establishment.create({
      code,
      name: `Sucursal ${code}`,
      address: 'Av. 10 de Agosto, Quito',
      isActive: true,
    })
    const point = await EmissionPoint.create({
      establishmentId: establishment.id,
      code: '001',
      description: 'Caja',
      isActive: true,
    })
    return { establishmentId: establishment.id, emissionPointId: point.id }
  })
}
