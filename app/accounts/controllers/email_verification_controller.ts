import type { HttpContext } from '@adonisjs/core/http'
import VerifyEmail from '#accounts/actions/verify_email'
import SendEmailVerification from '#accounts/actions/send_email_verification'

/** The link in the verification e-mail, and "send it again". */
export default class EmailVerificationController {
  async show({ inertia, params, request, auth }: HttpContext) {
    // Signed in or not: the page offers "go to my company" or "sign in".
    await auth.check()
    const result = await new VerifyEmail().handle(String(params.token), {
      ip: request.ip(),
      userAgent: request.header('user-agent'),
    })
    return inertia.render('accounts/auth/verify_email', { result })
  }

  async store({ auth, session, response, i18n }: HttpContext) {
    const user = auth.getUserOrFail()
    if (user.emailVerifiedAt) {
      session.flash('success', i18n.t('accounts.verify.already'))
    } else if (await new SendEmailVerification().handle(user)) {
      session.flash('success', i18n.t('accounts.verify.sent', { email: user.email }))
    } else {
      session.flash('error', i18n.t('accounts.verify.mail_failed'))
    }
    return response.redirect().back()
  }
}
