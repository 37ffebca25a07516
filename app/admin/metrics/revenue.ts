import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { clock } from '#core/clock'
import { acrossCompanies } from '#admin/platform'

/**
 * Stripe subscription statuses that bring revenue every month. A past-due
 * subscription still counts (Stripe keeps retrying the charge); trialing,
 * paused, cancelled and incomplete ones do not.
 */
export const REVENUE_STATUSES = ['active', 'past_due'] as const

export interface RevenueFigures {
  /** Monthly recurring revenue, in the plans' currency (USD), as text with two decimals. */
  mrr: string
  currency: string
  subscriptions: number
  byPlan: { plan: string; subscriptions: number; mrr: string }[]
  /** The snapshot compared with (30 days earlier, or the oldest kept since then). */
  previous: { day: string; mrr: string } | null
  /** mrr − previous.mrr; null without a snapshot to compare with. */
  change: string | null
  at: string
}

const cents = (value: string | number) => Math.round(Number(value) * 100)
const money = (value: number) => (value / 100).toFixed(2)

/**
 * MRR from what Stripe said of each company's subscription
 * (`billing_accounts.subscription_status`, kept current by its webhooks)
 * and the monthly price of the plan the company is on. Today's figure is
 * kept as a snapshot so later readings can say how it changed.
 */
export function revenueFigures(now: Date = clock.now()): Promise<RevenueFigures> {
  return acrossCompanies('recurring revenue of every subscribed company', async () => {
    const rows = await db
      .from('billing_accounts as b')
      .join('tenants as t', 't.id', 'b.tenant_id')
      .join('plans as p', 'p.code', 't.plan_code')
      .whereNotNull('b.stripe_subscription_id')
      .whereIn('b.subscription_status', [...REVENUE_STATUSES])
      .where('p.is_trial', false)
      .groupBy('p.code', 'p.currency', 'p.sort_order')
      .orderBy('p.sort_order')
      .select('p.code as plan', 'p.currency')
      .count('* as subscriptions')
      .sum('p.price_monthly as mrr')
    const total = rows.reduce((sum, row) => sum + cents(row.mrr), 0)
    const subscriptions = rows.reduce((sum, row) => sum + Number(row.subscriptions), 0)
    const today = DateTime.fromJSDate(now, { zone: 'utc' }).toISODate()!
    await db.rawQuery(
      `insert into mrr_snapshots (day, mrr, subscriptions) values (?, ?, ?)
       on conflict (day) do update set mrr = excluded.mrr, subscriptions = excluded.subscriptions`,
      [today, money(total), subscriptions]
    )
    const since = DateTime.fromJSDate(now, { zone: 'utc' }).minus({ days: 30 }).toISODate()!
    // The reading of 30 days ago; when none was kept that day, the closest
    // earlier one, else the oldest one since.
    const previous =
      (await db.from('mrr_snapshots').where('day', '<=', since).orderBy('day', 'desc').first()) ??
      (await db.from('mrr_snapshots').where('day', '<', today).orderBy('day', 'asc').first())
    return {
      mrr: money(total),
      currency: rows[0]?.currency ?? 'USD',
      subscriptions,
      byPlan: rows.map((row) => ({
        plan: row.plan,
        subscriptions: Number(row.subscriptions),
        mrr: money(cents(row.mrr)),
      })),
      previous: previous ? { day: isoDate(previous.day), mrr: money(cents(previous.mrr)) } : null,
      change: previous ? money(total - cents(previous.mrr)) : null,
      at: now.toISOString(),
    }
  })
}

function isoDate(value: Date | string) {
  return typeof value === 'string' ? value.slice(0, 10) : DateTime.fromJSDate(value).toISODate()!
}
