/*
|--------------------------------------------------------------------------
| Issue: validate → allocate the number → build → sign → persist
|--------------------------------------------------------------------------
|
| Everything after validation happens in ONE transaction that also holds
| the numbering row lock: a document is either issued with its number, its
| clave and its signed XML, or not at all (the number goes back to the
| sequence on rollback). Sending to the authority happens later, in the
| process-document job queued once the transaction has committed.
|
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import tax from '#adapters/core/services/tax'
import { allocateNumber } from '#catalog/numbering/allocate_number'
import Document from '#invoicing/models/document'
import DocumentTax from '#invoicing/models/document_tax'
import { DocumentInvalidException, InvoicingException } from '#invoicing/errors'
import type Tenant from '#tenancy/models/tenant'
import { issuerContextFor } from '#tax/issuer_context'
import { loadForAuthority, localToday, toTaxDocument } from '#tax/tax_document'
import { recordEvent } from '#tax/transitions'
import { queueProcessing } from '#tax/dispatch'

export interface IssueOptions {
  /** Skip queueing the submit job (tests that drive the job by hand, the seed). */
  queue?: boolean
}

export async function issueDocument(
  tenant: Tenant,
  document: Document,
  options: IssueOptions = {}
): Promise<Document> {
  if (document.status !== 'DRAFT') return document
  const authority = tax.use(tenant.country)
  const issuer = await issuerContextFor(tenant, { withCredentials: true })
  await loadForAuthority(document)

  const issueDate = localToday()
  const issues = await authority.validate(toTaxDocument(document, { issueDate }), issuer)
  if (issues.some((issue) => issue.severity === 'error')) {
    throw new DocumentInvalidException(issues)
  }

  const issued = await db.transaction(async (trx) => {
    // The row lock makes a double click (or two tabs) issue once.
    const locked = await Document.query({ client: trx })
      .where('id', document.id)
      .forUpdate()
      .firstOrFail()
    if (locked.status !== 'DRAFT') return false

    const sequential = await allocateNumber(trx, {
      tenantId: tenant.id,
      establishmentId: document.establishmentId,
      emissionPointId: document.emissionPointId,
      documentType: document.type,
      environment: document.environment,
    })
    const built = await authority.buildDocument(
      toTaxDocument(document, { sequential, issueDate }),
      issuer
    )
    const signed = await authority.sign(built, issuer)
    const taxTotal = built.totals.taxes.reduce((sum, item) => sum + Number(item.amount), 0)

    locked.useTransaction(trx)
    locked.merge({
      status: 'ISSUED',
      issueDate: DateTime.fromISO(issueDate),
      sequential,
      number: built.number,
      accessKey: built.authorityKey,
      signedXml: signed.body,
      signedAt: DateTime.fromISO(signed.signedAt),
      subtotal: built.totals.subtotal,
      discountTotal: built.totals.discount,
      taxTotal: taxTotal.toFixed(2),
      tip: built.totals.tip,
      total: built.totals.total,
      nextCheckAt: DateTime.now(),
    })
    await locked.save()
    await DocumentTax.query({ client: trx }).where('document_id', document.id).delete()
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
    const warnings = issues.filter((issue) => issue.severity === 'warning')
    await recordEvent(
      locked,
      {
        kind: 'issued',
        fromStatus: 'DRAFT',
        toStatus: 'ISSUED',
        detail: `${built.number} · ${built.format}`,
        messages: warnings.map((issue) => ({
          code: issue.code,
          text: issue.message.es,
          severity: 'warning' as const,
        })),
      },
      trx
    )
    return true
  })

  await document.refresh()
  if (!issued && document.status === 'DRAFT') {
    throw new InvoicingException('invoicing.errors.not_draft')
  }
  if (issued && options.queue !== false) await queueProcessing(document)
  return document
}
