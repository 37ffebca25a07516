import type { HttpContext } from '@adonisjs/core/http'
import tax from '#adapters/core/services/tax'
import { authorityHealth, oldestWaiting } from '#admin/health/authorities'
import { failedJobs, queueFigures, type FailedJobRow } from '#admin/metrics/queues'
import { failedJobValidator } from '#admin/validators'
import { handleFailedJob } from '#admin/actions/handle_failed_job'

/**
 * Console: authority and queue health. The JSON backlog
 * (/admin/documents/backlog) stays for monitoring scripts.
 */
export default class HealthController {
  async show({ inertia }: HttpContext) {
    const queues = await queueFigures()
    const failed: FailedJobRow[] = []
    for (const item of queues.filter((entry) => entry.reachable && entry.failed > 0)) {
      failed.push(...(await failedJobs(item.name)))
    }
    return inertia.render('admin/health/show', {
      authorities: await authorityHealth(tax.countries()),
      waiting: await oldestWaiting(),
      queues,
      failed,
    })
  }

  async retry(ctx: HttpContext) {
    return this.#handle(ctx, 'retry')
  }

  async drop(ctx: HttpContext) {
    return this.#handle(ctx, 'drop')
  }

  async #handle(ctx: HttpContext, verb: 'retry' | 'drop') {
    const { reason } = await ctx.request.validateUsing(failedJobValidator)
    await handleFailedJob(ctx, {
      queue: String(ctx.params.queue),
      jobId: String(ctx.params.job),
      reason,
      verb,
    })
    ctx.session.flash('success', ctx.i18n.t(`admin.flash.job_${verb}`))
    return ctx.response.redirect().toRoute('admin.health.show')
  }
}
