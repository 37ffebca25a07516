/*
|--------------------------------------------------------------------------
| Billing events
|--------------------------------------------------------------------------
|
| `usage:limit_reached` is announced once per company, limit and month,
| when a plan limit reaches 100 %, after the alert row that makes it "once"
| has committed (evaluate_limit_alerts.ts). Outgoing webhooks listen
| (start/events.ts).
|
*/
import type { LimitKind } from '#billing/models/limit_alert'

export interface UsageLimitReached {
  tenantId: number
  /** documents (this month), establishments or users. */
  limit: LimitKind
  used: number
  maximum: number
  /** First day of the month the limit applies to (YYYY-MM-DD). */
  period: string
  plan: string
}

declare module '@adonisjs/core/types' {
  interface EventsList {
    'usage:limit_reached': UsageLimitReached
  }
}
