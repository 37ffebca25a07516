import db from '@adonisjs/lucid/services/db'
import queue from '@rlanz/bull-queue/services/main'
import type { Redis } from 'ioredis'

export interface ComponentHealth {
  status: 'ok' | 'error'
  latencyMs: number
  message?: string
  details?: Record<string, number>
}

async function timed(
  check: () => Promise<Record<string, number> | void>
): Promise<ComponentHealth> {
  const started = performance.now()
  try {
    const details = await withTimeout(check(), 2000)
    return {
      status: 'ok',
      latencyMs: Math.round(performance.now() - started),
      ...(details ? { details } : {}),
    }
  } catch (error) {
    return {
      status: 'error',
      latencyMs: Math.round(performance.now() - started),
      message: error instanceof Error ? error.message : String(error),
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error) => {
        clearTimeout(timer)
        reject(error)
      }
    )
  })
}

/**
 * Checks what the platform needs to serve requests: PostgreSQL, Redis and
 * the job queue (with its backlog and failures, for operators).
 */
export async function checkHealth() {
  const [database, redis, queueHealth] = await Promise.all([
    timed(async () => {
      await db.rawQuery('select 1')
    }),
    timed(async () => {
      const client = (await queue.getOrSet().client) as unknown as Redis
      const pong = await client.ping()
      if (pong !== 'PONG') throw new Error(`unexpected reply ${pong}`)
    }),
    timed(async () => {
      const counts = await queue.getOrSet().getJobCounts('waiting', 'active', 'delayed', 'failed')
      return counts
    }),
  ])
  const healthy = [database, redis, queueHealth].every((component) => component.status === 'ok')
  return {
    status: healthy ? ('ok' as const) : ('error' as const),
    checks: { database, redis, queue: queueHealth },
    time: new Date().toISOString(),
  }
}
