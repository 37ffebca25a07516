/*
 * Billing test helpers: the local Stripe stand-in on a free port, wired in
 * as the app's StripeService (container swap) and delivering its webhooks
 * to the test HTTP server; signed events built with the SDK's own test
 * header helper; plan and usage set-up.
 */
import type { Group } from '@japa/runner/core'
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import db from '@adonisjs/lucid/services/db'
import Stripe from 'stripe'
import { startLocalStripe, type LocalStripeServer } from '#billing/local_stripe/server'
import { StripeService } from '#billing/stripe/stripe_service'
import { LOCAL_STRIPE_SECRET_KEY, LOCAL_STRIPE_WEBHOOK_SECRET } from '#config/billing'
import type Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import { periodStart } from '#billing/usage/period'

/** Where the test HTTP server (testUtils.httpServer) listens. */
export function testServerUrl() {
  return `http://${env.get('HOST')}:${env.get('PORT')}`
}

export interface LocalStripeForTests {
  server: LocalStripeServer
  service: StripeService
  client: Stripe
  close(): Promise<void>
}

/** Starts a stand-in on a free port and makes it the app's Stripe. */
export async function useLocalStripe(
  options: { webhookUrl?: string | null } = {}
): Promise<LocalStripeForTests> {
  const server = await startLocalStripe({
    port: 0,
    secretKey: LOCAL_STRIPE_SECRET_KEY,
    webhookSecret: LOCAL_STRIPE_WEBHOOK_SECRET,
    webhookUrl:
      options.webhookUrl === undefined ? `${testServerUrl()}/webhooks/stripe` : options.webhookUrl,
  })
  const service = new StripeService(
    {
      mode: 'local',
      secretKey: LOCAL_STRIPE_SECRET_KEY,
      webhookSecret: LOCAL_STRIPE_WEBHOOK_SECRET,
      host: '127.0.0.1',
      port: server.port,
      protocol: 'http',
    },
    Stripe
  )
  app.container.swap(StripeService, () => service)
  return {
    server,
    service,
    client: service.client!,
    async close() {
      app.container.restore(StripeService)
      await server.close()
    },
  }
}

/** The stand-in for a whole group; usable in its tests once the group started. */
export function localStripeForGroup(
  group: Group,
  options: { webhookUrl?: string | null } = {}
): () => LocalStripeForTests {
  let current: LocalStripeForTests | undefined
  group.setup(async () => {
    current = await useLocalStripe(options)
    return () => current!.close()
  })
  return () => {
    if (!current) throw new Error('The local Stripe starts with the test group')
    return current
  }
}

/** A Stripe-Signature header for `payload`, as Stripe computes it (the SDK's test helper). */
export function signatureFor(
  payload: string,
  options: { secret?: string; timestamp?: number } = {}
) {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? LOCAL_STRIPE_WEBHOOK_SECRET,
    timestamp: options.timestamp,
  })
}

let eventCounter = 0

/** A Stripe event around `object`, with a fresh id unless given. */
export function stripeEvent(
  type: string,
  object: unknown,
  options: { id?: string; created?: number } = {}
) {
  eventCounter += 1
  return {
    id: options.id ?? `evt_test_${Date.now().toString(36)}_${eventCounter}`,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: options.created ?? Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object: JSON.parse(JSON.stringify(object)) },
  }
}

/** Puts the company on a plan. */
export async function setPlan(tenant: Tenant, code: string) {
  await db.from('tenants').where('id', tenant.id).update({ plan_code: code })
  tenant.planCode = code
}

/** Sets the month's issued-document count of the company directly. */
export async function setDocumentsUsed(tenant: Tenant, used: number, now: Date = new Date()) {
  const period = periodStart(tenant.country, now)
  await tenantContext.run(tenant, () =>
    db.rawQuery(
      `insert into usage_periods (tenant_id, period_start, documents_issued, created_at)
       values (?, ?, ?, now())
       on conflict (tenant_id, period_start) do update set documents_issued = excluded.documents_issued`,
      [tenant.id, period, used]
    )
  )
}

export async function documentsUsed(tenant: Tenant, now: Date = new Date()) {
  const row = await tenantContext.run(tenant, () =>
    db
      .from('usage_periods')
      .where('tenant_id', tenant.id)
      .where('period_start', periodStart(tenant.country, now))
      .first()
  )
  return Number(row?.documents_issued ?? 0)
}
