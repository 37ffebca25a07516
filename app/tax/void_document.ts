import logger from '@adonisjs/core/services/logger'
import tax from '#adapters/core/services/tax'
import { TaxError } from '#adapters/core/errors'
import type { AuthorityMessage, DocumentRef, IssuerContext } from '#adapters/core/types'
import type { TaxAuthority } from '#adapters/core/tax_authority'
import type Document from '#documents/models/document'
import type Tenant from '#tenancy/models/tenant'
import { InvoicingException } from '#documents/errors'
import { voidingRule } from '#documents/voiding'
import { recordEvent, transition } from '#documents/transitions'
import { issuerContextFor } from '#certificates/issuer_context'

function refOf(document: Document): DocumentRef {
  return {
    authorityKey: document.accessKey!,
    documentType: document.type,
    number: document.number ?? undefined,
  }
}

/**
 * After a lost reply or a refusal, the voiding may have gone through all
 * the same (an earlier click whose answer never came): the document's
 * status with the authority says. Returns the voiding date when voided.
 */
async function voidedAtAuthority(
  authority: TaxAuthority,
  ref: DocumentRef,
  issuer: IssuerContext
): Promise<Date | null> {
  try {
    const status = await authority.checkStatus(ref, issuer)
    return status.voidedAt ?? null
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'voiding status could not be checked')
    return null
  }
}

/**
 * Voids an authorized document with the authority ("Anular"), where its
 * country allows it and within the authority's window (the adapter's
 * rule, #documents/voiding). The authority decides; only when it says
 * voided does the lifecycle move the document to VOIDED (transition:
 * compare-and-set, `document:voided` after commit, the reason in the
 * history). A refusal is kept in the history and explained; nothing
 * changes. The reason's length was checked by the validator.
 */
export async function voidDocument(tenant: Tenant, document: Document, reason: string) {
  const authority = tax.has(tenant.country) ? tax.use(tenant.country) : null
  const rule = voidingRule(authority, document)
  if (!rule.allowed) throw new InvoicingException(`invoicing.errors.${rule.why}`, rule.data)

  const ref = refOf(document)
  const issuer = await issuerContextFor(tenant)
  let messages: AuthorityMessage[] = []
  let raw: string | null = null
  let voidedAt: Date | null = null
  let failure: { es: string; en: string } | null = null
  try {
    const result = await authority!.void(ref, reason, issuer)
    messages = result.messages
    raw = result.raw
    if (result.status === 'voided') voidedAt = new Date()
    else {
      const refusal = result.messages.find((message) => message.severity === 'error')
      const text = refusal ? `${refusal.code} ${refusal.text}`.trim() : ''
      failure = { es: text, en: text }
    }
  } catch (error) {
    if (!(error instanceof TaxError)) throw error
    failure = error.messages
  }
  if (!voidedAt) voidedAt = await voidedAtAuthority(authority!, ref, issuer)

  if (!voidedAt) {
    await recordEvent(document, { kind: 'void_refused', messages, raw, detail: failure?.es })
    throw new InvoicingException('invoicing.errors.void_refused', { message: failure ?? '' })
  }
  // A second click racing this one finds the document VOIDED already: one event, one change.
  await transition(
    document,
    'VOIDED',
    { kind: 'voided', messages, raw, detail: reason },
    { voided_at: voidedAt, void_reason: reason }
  )
  return document
}
