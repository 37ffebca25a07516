/*
 * The reports module's provider: when a queue worker starts, it registers
 * the daily reminder e-mails about overdue invoices (a keyed BullMQ job
 * scheduler, so every worker start may do it).
 */
import type { ApplicationService } from '@adonisjs/core/types'
import { whenQueueWorkerStarts } from '#core/when_queue_worker_starts'

export default class ReportsProvider {
  constructor(protected app: ApplicationService) {}

  async ready() {
    await whenQueueWorkerStarts(this.app, 'receivable reminders', async () => {
      const { scheduleReceivableReminders } = await import('#reports/jobs/receivable_reminders_job')
      await scheduleReceivableReminders()
    })
  }
}
