import type { HttpContext } from '@adonisjs/core/http'
import { alertInbox } from '#admin/alerts/inbox'
import { acknowledgeValidator } from '#admin/validators'
import { acknowledgeAlert } from '#admin/actions/acknowledge_alert'

/** Console: the alert inbox (certificates, limits, payments, stuck documents, authority errors). */
export default class AlertsController {
  async index({ inertia }: HttpContext) {
    return inertia.render('admin/alerts/index', { alerts: await alertInbox() })
  }

  async acknowledge(ctx: HttpContext) {
    const { key, note } = await ctx.request.validateUsing(acknowledgeValidator)
    await acknowledgeAlert(ctx, key, note ?? null)
    ctx.session.flash('success', ctx.i18n.t('admin.flash.alert_acknowledged'))
    return ctx.response.redirect().toRoute('admin.alerts.index')
  }
}
