/*
 * The certificates module's provider: when a queue worker starts
 * (`node ace queue:listen`, which `npm start` runs), it registers the daily
 * expiry-watch schedule. Registering is idempotent (a keyed BullMQ job
 * scheduler), so every worker start may do it; web processes and other
 * commands leave the queue alone.
 */
import type { ApplicationService } from '@adonisjs/core/types'

export default class CertificatesProvider {
  constructor(protected app: ApplicationService) {}

  async ready() {
    if (this.app.getEnvironment() !== 'console') return
    const kernel = await this.app.container.make('ace')
    kernel.executing(async (command) => {
      if ((command.constructor as { commandName?: string }).commandName !== 'queue:listen') return
      const { scheduleExpiryWatch } = await import('#certificates/jobs/schedule_expiry_watch')
      try {
        await scheduleExpiryWatch()
      } catch (error) {
        // The worker still serves every other job; the watch is retried on next start.
        const logger = await this.app.container.make('logger')
        logger.error({ err: (error as Error).message }, 'certificate expiry watch not scheduled')
      }
    })
  }
}
