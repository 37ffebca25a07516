import env from '#start/env'
import { defineConfig } from '@adonisjs/redis'
import type { InferConnections } from '@adonisjs/redis/types'

/**
 * The Redis the job queues use (QUEUE_REDIS_*) also keeps the sessions
 * (config/session.ts). Keys carry the queue prefix plus `session:`, so two
 * checkouts or the test run sharing one Redis never read each other's.
 */
const redisConfig = defineConfig({
  connection: 'main',
  connections: {
    main: {
      host: env.get('QUEUE_REDIS_HOST'),
      port: env.get('QUEUE_REDIS_PORT'),
      password: env.get('QUEUE_REDIS_PASSWORD', ''),
      db: env.get('QUEUE_REDIS_DB', 0),
      // ioredis connects to the Unix socket instead of host/port when `path` is set.
      ...(env.get('QUEUE_REDIS_SOCKET') ? { path: env.get('QUEUE_REDIS_SOCKET') } : {}),
      keyPrefix: `${env.get('QUEUE_PREFIX', 'facturo')}:session:`,
      retryStrategy(times) {
        return times > 10 ? null : times * 50
      },
    },
  },
})

export default redisConfig

declare module '@adonisjs/redis/types' {
  export interface RedisConnections extends InferConnections<typeof redisConfig> {}
}
