/*
| When a company is warned that its quota (HKA folios) runs low: at 20 %
| and 5 % of the period's quota left, and when none is left. Each alert is
| sent once per low spell: a threshold stays "sent" while the company is
| still below it and is re-armed as soon as a reading is above it again
| (folios bought, a new cycle), so the next fall warns again.
*/

/** Percent-of-total thresholds, then 0 (nothing left). */
export const QUOTA_THRESHOLDS = [20, 5, 0] as const
export type QuotaThreshold = (typeof QUOTA_THRESHOLDS)[number]

/** At or below this share left a company counts as low on folios (the console's list). */
export const LOW_QUOTA_PERCENT = QUOTA_THRESHOLDS[0]

/**
 * The thresholds a reading has reached. Without a known total only "none
 * left" can be judged.
 */
export function reachedThresholds(available: number, total: number | null): QuotaThreshold[] {
  return QUOTA_THRESHOLDS.filter((threshold) => {
    if (threshold === 0) return available <= 0
    if (!total || total <= 0) return false
    // Integers only: available / total <= threshold / 100, without float rounding.
    return available * 100 <= threshold * total
  })
}

/**
 * What to do with a new reading, given the thresholds already sent: the one
 * alert to send now (the most urgent threshold newly reached; a fall from
 * 50 % to 3 % sends the 5 % alert, not also the 20 % one), and the set to
 * remember (every threshold reached now: those no longer reached are
 * re-armed).
 */
export function planAlerts(
  reached: QuotaThreshold[],
  alreadySent: number[]
): { send: QuotaThreshold | null; remember: QuotaThreshold[] } {
  const fresh = reached.filter((threshold) => !alreadySent.includes(threshold))
  const send = fresh.length ? (Math.min(...fresh) as QuotaThreshold) : null
  return { send, remember: [...reached] }
}
