import http from 'node:http'
import type { Group } from '@japa/runner/core'
import type { AddressInfo } from 'node:net'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import queue from '@rlanz/bull-queue/services/main'
import type Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import WebhookEndpoint from '#webhooks/models/webhook_endpoint'
import { createSigningSecret } from '#webhooks/secrets'
import { WebhookPolicy } from '#webhooks/policy'
import type { WebhookEvent } from '#webhooks/events'
import DeliverWebhookJob, {
  WEBHOOK_QUEUE,
  type DeliverWebhookPayload,
} from '#webhooks/jobs/deliver_webhook_job'

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders
  body: string
}

/**
 * A webhook receiver for a test: a plain node HTTP server on a free port
 * of 127.0.0.1 that keeps every request and answers with the next status
 * of `answers` (200 once they run out).
 */
export async function startReceiver() {
  const received: ReceivedWebhook[] = []
  const answers: number[] = []
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') })
      const status = answers.shift() ?? 200
      response.writeHead(status, { 'content-type': 'text/plain' })
      response.end(status < 300 ? 'ok' : `receiver says ${status}`)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/facturo`,
    port,
    received,
    /** Status codes for the next requests, in order. */
    answer(...statuses: number[]) {
      answers.push(...statuses)
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>

/** An endpoint of the company with a fresh secret (returned in clear, as shown once). */
export async function createEndpoint(
  tenant: Tenant,
  url: string,
  events: WebhookEvent[] = ['document.authorized']
) {
  return tenantContext.run(tenant, () =>
    db.transaction(async (trx) => {
      const { secret, row } = await createSigningSecret(tenant.id, trx)
      const endpoint = await WebhookEndpoint.create(
        { url, events, secretId: row.id, isEnabled: true, consecutiveFailures: 0 },
        { client: trx }
      )
      return { endpoint, secret }
    })
  )
}

/** The webhook jobs waiting or delayed in Redis, removed once read (no worker runs in tests). */
export async function takeWebhookJobs() {
  const jobs = await queue.getOrSet(WEBHOOK_QUEUE).getJobs(['waiting', 'delayed', 'prioritized'])
  const sorted = jobs.filter(Boolean).sort((a, b) => a.timestamp - b.timestamp)
  for (const job of sorted) await job.remove()
  return sorted.map((job) => ({
    id: job.id!,
    delay: job.opts.delay ?? 0,
    data: job.data as DeliverWebhookPayload,
  }))
}

/** Does what the worker does with the queued webhook jobs, once each; returns them. */
export async function runWebhookJobs() {
  const jobs = await takeWebhookJobs()
  for (const job of jobs) await new DeliverWebhookJob().handle(job.data)
  return jobs
}

export async function clearWebhookQueue() {
  await queue.getOrSet(WEBHOOK_QUEUE).obliterate({ force: true })
}

/** Swaps the delivery rules; returns how to restore them. */
export function useWebhookPolicy(overrides: ConstructorParameters<typeof WebhookPolicy>[0]) {
  app.container.swap(WebhookPolicy, () => new WebhookPolicy(overrides))
  return () => app.container.restore(WebhookPolicy)
}

/**
 * A receiver for each test of the group, with the webhook queue emptied
 * before and after it. The returned object stands for the current test's
 * receiver (`receiver.url`, `receiver.received`, …).
 */
export function receiverForGroup(group: Group): Receiver {
  let current: Receiver | undefined
  group.each.setup(async () => {
    current = await startReceiver()
    await clearWebhookQueue()
    return async () => {
      await current!.close()
      current = undefined
      await clearWebhookQueue()
    }
  })
  return new Proxy({} as Receiver, {
    get(_target, property) {
      if (!current) throw new Error('The receiver is started by the test group')
      const value = Reflect.get(current, property)
      return typeof value === 'function' ? value.bind(current) : value
    },
  })
}
