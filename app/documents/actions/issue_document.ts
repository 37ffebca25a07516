/*
|--------------------------------------------------------------------------
| IssueDocument: validate → write the draft → number → build → sign → write
|--------------------------------------------------------------------------
|
| The one issue sequence of the lifecycle, used by an invoice created and
| issued in one go, a saved draft issued later and a credit note:
|
|   1. prepare, outside any transaction: the company's authority validates
|      the document and the signing credential is loaded;
|   2. one transaction: the caller's step writes (or locks) the DRAFT row,
|      then the number is allocated, the document built and signed by the
|      authority adapter (#adapters/core: issuing does not go through the
|      tax module), the issued columns, tax totals, the tax module's
|      submission row (folded in, folded_writes.ts) and "issued" event
|      written in one statement, and the issue guard (the plan's monthly
|      limit, bound by billing) checks last;
|   3. after the commit `document:issued` is announced; the tax module
|      listens and queues the submission.
|
| A document is either issued with its number, its key and its signed XML,
| or not at all (the number goes back to the sequence on rollback).
| Issues on one emission point queue behind the numbering row lock, so the
| locked section is kept short: everything that can be read or written
| before the number exists happens first, and after the number only CPU
| work (build and sign, about half a millisecond), one statement and the
| guard remain.
|
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import tax from '#adapters/core/services/tax'
import { TaxValidationError } from '#adapters/core/errors'
import type { IssuerContext, TaxDocument, ValidationIssue } from '#adapters/core/types'
import type { TaxAuthority } from '#adapters/core/tax_authority'
import { allocateNumber } from '#catalog/numbering/allocate_number'
import Document from '#documents/models/document'
import { DocumentInvalidException, InvoicingException } from '#documents/errors'
import type Tenant from '#tenancy/models/tenant'
import { issuerContextFor } from '#certificates/issuer_context'
import { loadForAuthority, toTaxDocument, type TaxDocumentSource } from '#documents/tax_document'
import { issueGuard, type IssuingCompany } from '#documents/issue_guard'
import { announce } from '#documents/events'
import { foldedCtes, issuedDocumentWrites } from '#documents/folded_writes'

/** A document checked by its authority and ready to be numbered. */
export interface PreparedIssue {
  /** The issuing company (the issue guard checks it). */
  company: IssuingCompany
  authority: TaxAuthority
  issuer: IssuerContext
  issueDate: string
  document: TaxDocument
  warnings: ValidationIssue[]
}

/** The row being issued. */
export type IssueTarget = Pick<
  Document,
  'id' | 'tenantId' | 'type' | 'establishmentId' | 'emissionPointId' | 'environment'
>

/**
 * Validates a document with the company's authority and loads the signing
 * credential, outside any transaction. Throws DocumentInvalidException
 * with the authority's findings.
 */
export async function prepareIssue(
  tenant: Tenant,
  source: TaxDocumentSource
): Promise<PreparedIssue> {
  // A suspended or cancelled company keeps its documents (and the ones
  // already issued still go to the authority) but issues no new ones.
  if (tenant.status === 'SUSPENDED' || tenant.status === 'CANCELLED') {
    // Suspended by the platform: the guard (billing) answers with the reason it gave.
    const guard = await issueGuard()
    await guard.explainInactive({ id: tenant.id, country: tenant.country, status: tenant.status })
    throw new InvoicingException('invoicing.errors.company_inactive')
  }
  const authority = tax.use(tenant.country)
  // A registered country whose authority is not wired yet: say so, call nothing.
  if (!authority.capabilities.issuing) {
    throw new InvoicingException('invoicing.errors.issuing_unavailable', {
      country: authority.profile.name,
    })
  }
  const issuer = await issuerContextFor(tenant, { withCredentials: true })
  const issueDate = authority.today()
  const document = toTaxDocument(source, { issueDate })
  const issues = await authority.validate(document, issuer)
  if (issues.some((issue) => issue.severity === 'error')) {
    throw new DocumentInvalidException(issues)
  }
  return {
    company: { id: tenant.id, country: tenant.country, status: tenant.status },
    authority,
    issuer,
    issueDate,
    document,
    warnings: issues.filter((issue) => issue.severity === 'warning'),
  }
}

/**
 * One statement for everything written after the number: the issued
 * columns (only while the row is still a DRAFT), the tax totals, what
 * other modules keep from the issue (folded_writes.ts: the tax module's
 * submission row) and the "issued" event.
 */
const WRITE_ISSUED_ROW = `
  with issued as (
    update documents set
      status = 'ISSUED', issue_date = ?, sequential = ?, number = ?, access_key = ?,
      signed_xml = ?, signed_at = ?, subtotal = ?, discount_total = ?, tax_total = ?,
      tip = ?, total = ?, technical_details = ?::jsonb, updated_at = now()
    where id = ? and tenant_id = ? and status = 'DRAFT'
    returning id, tenant_id
  ), taxes as (
    insert into document_taxes
      (tenant_id, document_id, category, authority_code, authority_rate_code, rate, base, amount)
    select issued.tenant_id, issued.id, t.category, t.authority_code, t.authority_rate_code,
           t.rate, t.base, t.amount
    from issued cross join json_to_recordset(?::json) as t(
      category text, authority_code text, authority_rate_code text,
      rate numeric, base numeric, amount numeric)
  )`
const WRITE_ISSUED_EVENT = `
  insert into document_events
    (tenant_id, document_id, kind, from_status, to_status, messages, detail, created_at)
  select tenant_id, id, 'issued', 'DRAFT', 'ISSUED', ?::jsonb, ?, ? from issued
  returning document_id`

/** Rolls back an issue whose row was no longer a draft (the number goes back). */
class NotDraftAnymore extends Error {}

/**
 * Inside `trx`, with the target still a DRAFT: allocates the number,
 * builds, signs and writes the issued document, runs the issue guard and
 * announces `document:issued` for after the commit. The numbering row
 * stays locked until the transaction ends, so this comes last.
 */
async function numberBuildSign(
  trx: TransactionClientContract,
  target: IssueTarget,
  prepared: PreparedIssue
) {
  const { authority, issuer, issueDate } = prepared
  const sequential = await allocateNumber(trx, {
    tenantId: target.tenantId,
    establishmentId: target.establishmentId,
    emissionPointId: target.emissionPointId,
    documentType: target.type,
    environment: target.environment,
  })
  let built
  try {
    built = await authority.buildDocument({ ...prepared.document, sequential }, issuer)
  } catch (error) {
    // The builder's last check (text XML cannot carry): shown like validation, the number rolls back.
    if (error instanceof TaxValidationError) throw new DocumentInvalidException(error.issues)
    throw error
  }
  const signed = await authority.sign(built, issuer)
  const taxTotal = built.totals.taxes.reduce((sum, item) => sum + Number(item.amount), 0)
  const companions = await issuedDocumentWrites()
  const folded = foldedCtes('folded', companions.writes())
  const result = await trx.rawQuery(WRITE_ISSUED_ROW + folded.sql + WRITE_ISSUED_EVENT, [
    issueDate,
    sequential,
    built.number,
    built.authorityKey,
    signed.body,
    new Date(signed.signedAt),
    built.totals.subtotal,
    built.totals.discount,
    taxTotal.toFixed(2),
    built.totals.tip,
    built.totals.total,
    JSON.stringify(built.technical ?? null),
    target.id,
    target.tenantId,
    JSON.stringify(
      built.totals.taxes.map((item) => ({
        category: item.category,
        authority_code: item.authorityCode,
        authority_rate_code: item.authorityRateCode,
        rate: item.rate,
        base: item.base,
        amount: item.amount,
      }))
    ),
    ...folded.bindings,
    JSON.stringify(
      prepared.warnings.map((issue) => ({
        code: issue.code,
        text: issue.message.es,
        severity: 'warning' as const,
      }))
    ),
    `${built.number} · ${built.format}`.slice(0, 500),
    new Date(),
  ])
  if (result.rows.length === 0) throw new NotDraftAnymore()
  // Last, so whatever the guard locks (the company's usage row) is held
  // only until the commit. When it refuses, everything above rolls back.
  const guard = await issueGuard()
  await guard.check(trx, prepared.company)
  await announce(
    {
      documentId: target.id,
      tenantId: target.tenantId,
      type: target.type,
      number: built.number,
      from: 'DRAFT',
      to: 'ISSUED',
    },
    trx
  )
  // The issued columns as the model names them (callers that skip a re-read).
  return {
    status: 'ISSUED' as const,
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
    technicalDetails: built.technical ?? null,
  }
}

/**
 * The caller's step inside the issuing transaction: writes (or locks) the
 * DRAFT row to issue and returns it, or null to issue nothing (the row is
 * no longer a draft, a plan went stale).
 */
export type DraftStep = (trx: TransactionClientContract) => Promise<Document | null>

/**
 * Issues the draft that `draftStep` writes or locks, with a document
 * prepared by `prepareIssue`. Returns the issued document (its issued
 * columns merged, as committed), or null when the step gave no row.
 */
export async function issuePrepared(
  prepared: PreparedIssue,
  draftStep: DraftStep
): Promise<Document | null> {
  return db.transaction(async (trx) => {
    const draft = await draftStep(trx)
    if (!draft) return null
    draft.merge(await numberBuildSign(trx, draft, prepared))
    // Matches the row as committed; saves reading it back.
    draft.$hydrateOriginals()
    return draft
  })
}

/**
 * Issues a saved DRAFT (a draft finished later). Returns the refreshed
 * document; a document that is not a draft is returned as is.
 */
export async function issueDocument(tenant: Tenant, document: Document): Promise<Document> {
  if (document.status !== 'DRAFT') return document
  await loadForAuthority(document)
  const prepared = await prepareIssue(tenant, document)

  let issued: Document | null = null
  try {
    issued = await issuePrepared(prepared, async (trx) => {
      // The row lock makes a double click (or two tabs) issue once.
      const locked = await trx
        .from('documents')
        .where('id', document.id)
        .where('tenant_id', document.tenantId)
        .forUpdate()
        .select('status')
        .first()
      return locked?.status === 'DRAFT' ? document : null
    })
  } catch (error) {
    if (!(error instanceof NotDraftAnymore)) throw error
  }

  await document.refresh()
  if (!issued && document.status === 'DRAFT') {
    throw new InvoicingException('invoicing.errors.not_draft')
  }
  return document
}
