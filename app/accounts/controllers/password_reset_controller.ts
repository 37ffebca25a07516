import type { HttpContext } from '@adonisjs/core/http'
import RequestPasswordReset from '#accounts/actions/request_password_reset'
import ResetPassword, { resetLinkIsUsable } from '#accounts/actions/reset_password'
import { forgotPasswordValidator, resetPasswordValidator } from '#accounts/validators'

/** "Forgot your password?": request a link, then set a new password. */
export default class PasswordResetController {
  async create({ inertia }: HttpContext) {
    return inertia.render('accounts/auth/forgot_password', {})
  }

  async store({ request, session, response, i18n }: HttpContext) {
    const { email } = await request.validateUsing(forgotPasswordValidator)
    await new RequestPasswordReset().handle(email, {
      ip: request.ip(),
      userAgent: request.header('user-agent'),
    })
    // Same answer whether the address has an account or not.
    session.flash('success', i18n.t('accounts.reset.sent', { email }))
    return response.redirect().back()
  }

  async edit({ inertia, params }: HttpContext) {
    const token = String(params.token)
    return inertia.render('accounts/auth/reset_password', {
      token,
      usable: await resetLinkIsUsable(token),
    })
  }

  async update({ request, session, response, i18n }: HttpContext) {
    const { token, password } = await request.validateUsing(resetPasswordValidator)
    await new ResetPassword().handle(token, password, {
      ip: request.ip(),
      userAgent: request.header('user-agent'),
    })
    session.flash('success', i18n.t('accounts.reset.done'))
    return response.redirect().toRoute('accounts.login')
  }
}
