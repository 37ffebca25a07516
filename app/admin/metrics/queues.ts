import app from '@adonisjs/core/services/app'
import queue from '@rlanz/bull-queue/services/main'
import type { Job } from 'bullmq'

export interface QueueFigures {
  name: string
  waiting: number
  active: number
  delayed: number
  failed: number
  /** False when Redis did not answer: the figures are then zeros, not facts. */
  reachable: boolean
}

/** The queues the workers listen to (config/queue.ts). */
export function queueNames(): string[] {
  return app.config.get<string[]>('queue.queueNames', ['default'])
}

const TIMEOUT_MS = 2_000

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('queue did not answer')), TIMEOUT_MS)
    work.then(
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

/** Jobs waiting, running, delayed and failed per queue, read from BullMQ (Redis). */
export async function queueFigures(): Promise<QueueFigures[]> {
  return Promise.all(
    queueNames().map(async (name) => {
      try {
        const counts = await withTimeout(
          queue.getOrSet(name).getJobCounts('waiting', 'active', 'delayed', 'failed')
        )
        return {
          name,
          waiting: counts.waiting ?? 0,
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
          reachable: true,
        }
      } catch {
        return { name, waiting: 0, active: 0, delayed: 0, failed: 0, reachable: false }
      }
    })
  )
}

export interface FailedJobRow {
  id: string
  queue: string
  name: string
  failedReason: string
  attempts: number
  failedAt: string | null
  tenantId: number | null
}

/** The most recent failed jobs of a queue (newest first). */
export async function failedJobs(name: string, limit = 20): Promise<FailedJobRow[]> {
  const jobs: Job[] = await withTimeout(queue.getOrSet(name).getFailed(0, limit - 1))
  return jobs.filter(Boolean).map((job) => ({
    id: String(job.id),
    queue: name,
    name: job.name,
    // Job errors are our own messages (no secrets reach them); cut to a line.
    failedReason: String(job.failedReason ?? '').slice(0, 300),
    attempts: job.attemptsMade,
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    tenantId: typeof job.data?.tenantId === 'number' ? job.data.tenantId : null,
  }))
}
