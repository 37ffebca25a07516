import type { HttpContext } from '@adonisjs/core/http'
import tax from '#adapters/core/services/tax'
import Document from '#documents/models/document'
import CompanyLogo from '#tenancy/models/company_logo'
import UpdateCompany from '#settings/actions/update_company'
import SaveCompanyLogo, { LOGO_LIMITS } from '#settings/actions/save_company_logo'
import { CompanySettingsMessages, companySettingsValidator } from '#settings/company_fields'
import { companyFieldsOf } from '#tenancy/country_settings'
import { toCompanyDto, toCompanyFields } from '#settings/dtos/company_dto'

/**
 * /app/settings/company: the company's legal data, contact, logo and its
 * country's own fields (declared by the adapter). Owners and admins
 * (`settings.manage`); every change is audited with before/after.
 */
export default class CompanyController {
  async show({ inertia, tenant, i18n }: HttpContext) {
    const logo = await CompanyLogo.query().select('id', 'width', 'height', 'updated_at').first()
    const issued = await Document.query().select('id').first()
    const profile = tax.use(tenant!.country).profile
    return inertia.render('settings/company/show', {
      company: toCompanyDto(tenant!, profile.taxId.checkDigits, logo),
      countryFields: toCompanyFields(companyFieldsOf(tenant!.country), i18n.locale),
      taxIdLocked: issued !== null,
      logoLimits: {
        maxKb: LOGO_LIMITS.maxBytes / 1024,
        minPixels: LOGO_LIMITS.minPixels,
        maxPixels: LOGO_LIMITS.maxPixels,
      },
    })
  }

  async update(ctx: HttpContext) {
    const { request, tenant, i18n, session, response } = ctx
    const input = await request.validateUsing(companySettingsValidator(tenant!.country), {
      messagesProvider: new CompanySettingsMessages(i18n, tenant!.country),
    })
    await new UpdateCompany().handle(ctx, tenant!, input)
    session.flash('success', i18n.t('settings.company.saved'))
    return response.redirect().toRoute('app.settings.company.show')
  }

  async uploadLogo(ctx: HttpContext) {
    await new SaveCompanyLogo().handle(ctx, ctx.request.file('logo'))
    ctx.session.flash('success', ctx.i18n.t('settings.company.logo_saved'))
    return ctx.response.redirect().toRoute('app.settings.company.show')
  }

  async removeLogo(ctx: HttpContext) {
    await new SaveCompanyLogo().remove(ctx)
    ctx.session.flash('success', ctx.i18n.t('settings.company.logo_removed'))
    return ctx.response.redirect().toRoute('app.settings.company.show')
  }

  /** The current company's logo, for the page's preview (404 when it has none). */
  async logo({ response }: HttpContext) {
    const logo = await CompanyLogo.query().firstOrFail()
    response.header('content-type', logo.contentType)
    response.header('cache-control', 'private, no-cache')
    response.header('x-content-type-options', 'nosniff')
    return response.send(logo.content)
  }
}
