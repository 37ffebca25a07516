import type { HttpContext } from '@adonisjs/core/http'
import tax from '#adapters/core/services/tax'
import Document from '#documents/models/document'
import ChangeEnvironment from '#settings/actions/change_environment'
import { productionChecks } from '#settings/production_readiness'
import { toReadinessChecks } from '#settings/dtos/readiness_dto'
import { goLiveValidator } from '#settings/validators'

/**
 * The company's environment: the pre-flight list for production, the
 * switch to it (after an explicit confirmation) and the way back to test
 * while no production document exists. Owners and admins
 * (`settings.manage`).
 */
export default class EnvironmentController {
  async show({ inertia, tenant, i18n }: HttpContext) {
    const checks = await productionChecks(tenant!)
    const productionDocument = await Document.query().where('environment', 'production').first()
    return inertia.render('settings/production/show', {
      environment: tenant!.authorityEnvironment,
      authority: tax.has(tenant!.country) ? tax.use(tenant!.country).profile.authorityName : '',
      checks: toReadinessChecks(checks, i18n.locale),
      ready: checks.every((check) => check.ok),
      canGoBack: tenant!.authorityEnvironment === 'production' && !productionDocument,
    })
  }

  async goLive(ctx: HttpContext) {
    await ctx.request.validateUsing(goLiveValidator)
    await new ChangeEnvironment().handle(ctx, ctx.tenant!, 'production')
    ctx.session.flash('success', ctx.i18n.t('settings.production.switched'))
    return ctx.response.redirect().toRoute('app.settings.production.show')
  }

  async backToTest(ctx: HttpContext) {
    await new ChangeEnvironment().handle(ctx, ctx.tenant!, 'test')
    ctx.session.flash('success', ctx.i18n.t('settings.production.back_to_test'))
    return ctx.response.redirect().toRoute('app.settings.production.show')
  }
}
