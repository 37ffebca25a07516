import type { HttpContext } from '@adonisjs/core/http'
import RegisterCompany from '#accounts/actions/register_company'
import SendEmailVerification from '#accounts/actions/send_email_verification'
import { registerValidator } from '#accounts/validators'
import { ACTIVE_TENANT_SESSION_KEY } from '#tenancy/middleware/identify_tenant_middleware'

/** Sign-up: a company and its owner in one form. */
export default class RegistrationController {
  async create({ inertia }: HttpContext) {
    return inertia.render('accounts/auth/register', { countries: ['EC', 'PA'] })
  }

  async store(ctx: HttpContext) {
    const { request, auth, session, response, i18n } = ctx
    // The country adapters' messages come in both languages; meta picks one.
    const data = await request.validateUsing(registerValidator, { meta: { locale: i18n.locale } })
    const { tenant, user } = await new RegisterCompany().handle(
      { ...data, locale: i18n.locale },
      { ip: request.ip(), userAgent: request.header('user-agent') }
    )

    await auth.use('web').login(user)
    session.put(ACTIVE_TENANT_SESSION_KEY, tenant.id)
    const mailed = await new SendEmailVerification().handle(user)
    session.flash(
      'success',
      i18n.t(mailed ? 'accounts.register.welcome' : 'accounts.register.welcome_no_mail', {
        company: tenant.tradeName,
        email: user.email,
      })
    )
    return response.redirect().toPath('/app')
  }
}
