import env from '#start/env'
import { defineConfig } from '@rlanz/bull-queue'

export default defineConfig({
  defaultConnection: {
    host: env.get('QUEUE_REDIS_HOST'),
    port: env.get('QUEUE_REDIS_PORT'),
    password: env.get('QUEUE_REDIS_PASSWORD'),
    db: env.get('QUEUE_REDIS_DB', 0),
  },

  queue: {
    prefix: env.get('QUEUE_PREFIX', 'facturo'),
  },

  worker: {
    prefix: env.get('QUEUE_PREFIX', 'facturo'),
  },

  jobs: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: 1000,
    removeOnFail: 1000,
  },
})
