/*
 * Whether an authorized document can still be voided, and until when: the
 * country's adapter says (its profile's `voiding`). Where the authority
 * does not void documents (a credit note cancels the sale), the answer
 * carries the adapter's explanation instead. Pure, so the document page
 * and the voiding action read the same rule.
 */
import type { TaxAuthority } from '#adapters/core/tax_authority'
import type { LocalizedText } from '#adapters/core/types'
import type Document from '#documents/models/document'

export type VoidingRule =
  | { allowed: true; until: Date | null; reason: { min: number; max: number } }
  | {
      allowed: false
      /** invoicing.errors.<why>, with `data` for its placeholders. */
      why: 'void_by_credit_note' | 'void_not_authorized' | 'void_window_closed'
      data: Record<string, unknown>
      until: Date | null
    }

const DAY_MS = 24 * 60 * 60 * 1000
/** Where the authority names no length, a reason still has to say something. */
const DEFAULT_REASON = { min: 15, max: 250 }

export function voidingRule(
  authority: TaxAuthority | null,
  document: Pick<Document, 'status' | 'authorizedAt'>,
  now: Date = new Date()
): VoidingRule {
  const voiding = authority?.profile.voiding
  if (!authority || !voiding || voiding.by !== 'authority' || !authority.capabilities.voiding) {
    const explanation: LocalizedText = voiding?.explanation ?? { es: '', en: '' }
    return { allowed: false, why: 'void_by_credit_note', data: { explanation }, until: null }
  }
  const authorizedAt = document.authorizedAt?.toJSDate() ?? null
  const until =
    authorizedAt && voiding.withinDays !== undefined
      ? new Date(authorizedAt.getTime() + voiding.withinDays * DAY_MS)
      : null
  if (document.status !== 'AUTHORIZED') {
    return { allowed: false, why: 'void_not_authorized', data: {}, until }
  }
  if (until && now.getTime() > until.getTime()) {
    return {
      allowed: false,
      why: 'void_window_closed',
      data: { days: voiding.withinDays, explanation: voiding.explanation },
      until,
    }
  }
  return { allowed: true, until, reason: { ...(voiding.reason ?? DEFAULT_REASON) } }
}
