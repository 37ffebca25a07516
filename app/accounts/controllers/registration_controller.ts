import type { HttpContext } from '@adonisjs/core/http'
import RegisterCompany from '#accounts/actions/register_company'
import SendEmailVerification from '#accounts/actions/send_email_verification'
import NotifyExistingAccount from '#accounts/actions/notify_existing_account'
import { registerValidator } from '#accounts/validators'
import { countryChoices } from '#accounts/dtos/country_choice_dto'
import { signupTaxpayerQueryValidator } from '#accounts/validators'
import { lookupTaxpayer } from '#core/taxpayer_lookup'
import { taxpayerLookupLimiters } from '#start/limiter'

/**
 * Sign-up: a company and its owner in one form. Whether the e-mail already
 * had an account or not, the answer is the same "check your e-mail" on the
 * sign-in page: a new owner gets the confirmation link (and can sign in at
 * once), the owner of an existing account gets a mail saying so.
 */
export default class RegistrationController {
  async create({ inertia, i18n }: HttpContext) {
    return inertia.render('accounts/auth/register', { countries: countryChoices(i18n.locale) })
  }

  async store(ctx: HttpContext) {
    const { request, session, response, i18n } = ctx
    // The country adapters' messages come in both languages; meta picks one.
    const data = await request.validateUsing(registerValidator, { meta: { locale: i18n.locale } })
    const actor = { ip: request.ip(), userAgent: request.header('user-agent') }
    const result = await new RegisterCompany().handle({ ...data, locale: i18n.locale }, actor)

    if (result.status === 'created') {
      await new SendEmailVerification().handle(result.user)
    } else {
      await new NotifyExistingAccount().handle(result.user, data.password, actor)
    }
    session.flash('success', i18n.t('accounts.register.check_email', { email: data.email }))
    return response.redirect().toRoute('accounts.login')
  }

  /**
   * The sign-up form's RUC lookup (JSON), before the company exists: the
   * country's adapter asks on the platform's behalf, with the platform's own
   * credentials (the adapter's configuration). Public, so rate-limited per
   * client address (start/limiter.ts); over the limit, 429 with the wait.
   */
  async lookupTaxpayer({ request, response, i18n }: HttpContext) {
    const key = `taxpayer_lookup_${request.ip()}`
    for (const limiter of taxpayerLookupLimiters()) {
      if (!(await limiter.attempt(key, () => true))) {
        const seconds = Math.max(1, await limiter.availableIn(key))
        return response.status(429).send({
          status: 'throttled',
          message: i18n.t('accounts.register.lookup_throttled', { seconds }),
        })
      }
    }
    const { country, ...query } = await request.validateUsing(signupTaxpayerQueryValidator)
    return lookupTaxpayer(country, query, undefined, i18n)
  }
}
