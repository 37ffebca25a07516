/*
 * The tax module's provider: when a queue worker starts
 * (`node ace queue:listen`, which `npm start` runs), it registers the
 * every-minute document sweeper (app/tax/sweep_documents.ts). Registering
 * is idempotent (a keyed BullMQ job scheduler), so every worker start may
 * do it; web processes and other commands leave the queue alone.
 */
import type { ApplicationService } from '@adonisjs/core/types'

export default class TaxModuleProvider {
  constructor(protected app: ApplicationService) {}

  async ready() {
    if (this.app.getEnvironment() !== 'console') return
    const kernel = await this.app.container.make('ace')
    kernel.executing(async (command) => {
      if ((command.constructor as { commandName?: string }).commandName !== 'queue:listen') return
      const { scheduleDocumentSweep } = await import('#tax/jobs/schedule_document_sweep')
      try {
        await scheduleDocumentSweep()
      } catch (error) {
        // The worker still serves every other job; the sweeper is scheduled on next start.
        const logger = await this.app.container.make('logger')
        logger.error({ err: (error as Error).message }, 'document sweeper not scheduled')
      }
    })
  }
}
