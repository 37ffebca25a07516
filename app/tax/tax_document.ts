import type { TaxDocument } from '#adapters/core/types'
import type Document from '#invoicing/models/document'

/** Today in the issuer's calendar (Ecuador and Panama are UTC−5 all year). */
export function localToday(now: Date = new Date()): string {
  return new Date(now.getTime() - 5 * 3600_000).toISOString().slice(0, 10)
}

/**
 * The neutral document an adapter validates and builds, from a document
 * with its lines, payments, establishment, emission point and (credit
 * notes) referenced invoice preloaded.
 */
export function toTaxDocument(
  document: Document,
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
