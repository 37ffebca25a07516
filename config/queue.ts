import env from '#start/env'
import { defineConfig } from '@rlanz/bull-queue'

export default defineConfig({
  /*
   * Queues `node ace queue:listen` serves when no --queue is given. CSV
   * imports and document ZIPs have their own queues
   * (app/catalog/jobs/import_catalog_job.ts, app/reports/jobs/build_archive_job.ts), and
   * so do outgoing webhooks (app/webhooks/jobs/deliver_webhook_job.ts).
   */
  queueNames: ['default', 'catalog-imports', 'report-exports', 'webhooks'],

  defaultConnection: {
    host: env.get('QUEUE_REDIS_HOST'),
    port: env.get('QUEUE_REDIS_PORT'),
    password: env.get('QUEUE_REDIS_PASSWORD'),
    db: env.get('QUEUE_REDIS_DB', 0),
    // ioredis connects to the Unix socket instead of host/port when `path` is set.
    ...(env.get('QUEUE_REDIS_SOCKET') ? { path: env.get('QUEUE_REDIS_SOCKET') } : {}),
  },

  queue: {
    prefix: env.get('QUEUE_PREFIX', 'facturo'),
  },

  worker: {
    prefix: env.get('QUEUE_PREFIX', 'facturo'),
    // Jobs run in parallel per queue (authority calls mostly wait on I/O).
    concurrency: env.get('QUEUE_CONCURRENCY', 8),
    // A worker that dies mid-job (kill -9) leaves its lock; once it expires
    // another worker takes the job again. Defaults are BullMQ's own.
    lockDuration: env.get('QUEUE_LOCK_DURATION_MS', 30_000),
    stalledInterval: env.get('QUEUE_STALLED_INTERVAL_MS', 30_000),
  },

  jobs: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: 1000,
    removeOnFail: 1000,
  },
})
