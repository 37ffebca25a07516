import { Job } from '@rlanz/bull-queue'
import queue from '@rlanz/bull-queue/services/main'
import { clock } from '#core/clock'
import { sendReceivableReminders } from '#reports/actions/send_receivable_reminders'

/** The job scheduler's id: one per installation, whatever registers it. */
export const RECEIVABLE_REMINDERS_SCHEDULER = 'receivable-reminders'
/** Every day at 13:00 UTC (08:00 at UTC−5, the start of a working day there). */
export const RECEIVABLE_REMINDERS_PATTERN = '0 13 * * *'

/**
 * The daily reminder e-mails (send_receivable_reminders.ts). A platform
 * job: it finds the companies that turned reminders on and enters each
 * one's tenant context itself, so its payload carries no tenant.
 */
export default class ReceivableRemindersJob extends Job {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(_payload: Record<string, never>) {
    const report = await sendReceivableReminders(clock.now())
    this.logger?.info({ ...report }, 'receivable reminders done')
  }

  async rescue(_payload: Record<string, never>, error: Error) {
    this.logger?.error({ err: error.message }, 'receivable reminders gave up')
  }
}

/**
 * Registers (or updates) the daily run. BullMQ job schedulers are keyed by
 * id, so calling this on every worker start keeps exactly one.
 */
export async function scheduleReceivableReminders(pattern = RECEIVABLE_REMINDERS_PATTERN) {
  return queue.getOrSet('default').upsertJobScheduler(
    RECEIVABLE_REMINDERS_SCHEDULER,
    { pattern, tz: 'UTC' },
    {
      // bull-queue workers import the job by its module URL, which is the job name.
      name: ReceivableRemindersJob.$$filepath,
      data: {},
      opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
    }
  )
}
