import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Runs `task` when this process is about to serve the queues (`node ace
 * queue:listen`, which `npm start` runs): module providers register their
 * periodic BullMQ job schedulers there. Web processes and other commands
 * skip it. A failure is logged, not thrown: the worker still serves every
 * other job and the task runs again on the next start.
 */
export async function whenQueueWorkerStarts(
  app: ApplicationService,
  what: string,
  task: () => Promise<void>
) {
  if (app.getEnvironment() !== 'console') return
  const kernel = await app.container.make('ace')
  kernel.executing(async (command) => {
    if ((command.constructor as { commandName?: string }).commandName !== 'queue:listen') return
    try {
      await task()
    } catch (error) {
      const logger = await app.container.make('logger')
      logger.error({ err: (error as Error).message }, `${what} not scheduled`)
    }
  })
}
