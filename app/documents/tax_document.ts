import type { DateTime } from 'luxon'
import type { Buyer, NamedValue, TaxDocument } from '#adapters/core/types'
import type Document from '#documents/models/document'

/**
 * What toTaxDocument reads: a Document with its relations preloaded, or the
 * same shape assembled in memory for a document being created and issued
 * in one go (issueNewDocument), which saves reading back what was just
 * written.
 */
export interface TaxDocumentSource {
  type: Document['type']
  issueDate: DateTime
  currency: string
  establishment: { code: string; address: string }
  emissionPoint: { code: string }
  sequential: number | null
  accessKey: string | null
  buyer: Buyer
  lines: Array<{
    position: number
    code: string
    description: string
    unit: string | null
    quantity: string
    unitPrice: string
    discount: string
    taxCategory: string
  }>
  payments: Array<{ method: string; amount: string; term: number | null; termUnit: string | null }>
  tip: string
  additionalInfo: NamedValue[] | null
  reason: string | null
  referencedDocument: {
    type: Document['type']
    number: string | null
    issueDate: DateTime
    accessKey: string | null
  } | null
}

/**
 * The neutral document an adapter validates and builds, from a document
 * with its lines, payments, establishment, emission point and (credit
 * notes) referenced invoice preloaded.
 */
export function toTaxDocument(
  document: TaxDocumentSource,
  overrides: { sequential?: number; issueDate?: string } = {}
): TaxDocument {
  const reference = document.referencedDocument
  return {
    type: document.type,
    issueDate: overrides.issueDate ?? document.issueDate.toISODate()!,
    currency: document.currency,
    issuer: {
      establishmentCode: document.establishment.code,
      establishmentAddress: document.establishment.address,
      emissionPointCode: document.emissionPoint.code,
    },
    sequential: overrides.sequential ?? document.sequential ?? 1,
    authorityKey: document.accessKey ?? undefined,
    buyer: document.buyer,
    lines: [...document.lines]
      .sort((a, b) => a.position - b.position)
      .map((line) => ({
        code: line.code,
        description: line.description,
        unit: line.unit ?? undefined,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        discount: line.discount,
        taxCategory: line.taxCategory,
      })),
    payments:
      document.type === 'invoice'
        ? document.payments.map((payment) => ({
            method: payment.method,
            amount: payment.amount,
            term: payment.term ?? undefined,
            termUnit: payment.termUnit ?? undefined,
          }))
        : undefined,
    tip: document.tip,
    additionalInfo: document.additionalInfo?.length ? document.additionalInfo : undefined,
    reference:
      document.type === 'credit_note' && reference
        ? {
            documentType: reference.type,
            number: reference.number ?? '',
            issueDate: reference.issueDate.toISODate()!,
            reason: document.reason ?? '',
            authorityKey: reference.accessKey ?? undefined,
          }
        : undefined,
  }
}

/** Loads what toTaxDocument needs. */
export async function loadForAuthority(document: Document) {
  await document.load((loader) => {
    loader
      .load('lines')
      .load('payments')
      .load('establishment')
      .load('emissionPoint')
      .load('referencedDocument')
  })
  return document
}
