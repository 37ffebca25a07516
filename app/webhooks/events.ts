/**
 * The events a company's webhook endpoint can subscribe to, as receivers
 * see them (dotted, stable), and the internal events they come from
 * (start/events.ts wires one to the other).
 */
export const WEBHOOK_EVENTS = [
  'document.authorized',
  'document.rejected',
  'document.voided',
  'certificate.expiring',
  'usage.limit_reached',
] as const

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]

/** What a receiver gets as the request body (JSON). */
export interface WebhookEnvelope {
  /** The event's id: the same on every attempt and replay, so receivers can drop repeats. */
  id: string
  type: WebhookEvent
  /** ISO date-time the event happened (when Facturo recorded it). */
  createdAt: string
  data: Record<string, unknown>
}
