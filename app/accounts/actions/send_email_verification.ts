import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import type User from '#accounts/models/user'
import UserToken from '#accounts/models/user_token'
import VerifyEmailMail from '#accounts/mails/verify_email_mail'
import { appUrl } from '#accounts/links'

/**
 * Mails a verification link (valid 48 hours). A mail failure is logged and
 * reported as `false`, never a 500: the account exists and the user can ask
 * for another link from the dashboard.
 */
export default class SendEmailVerification {
  async handle(user: User) {
    if (user.emailVerifiedAt) return true
    const token = await UserToken.issue(user, 'email_verification', { hours: 48 })
    try {
      await mail.send(new VerifyEmailMail(user, appUrl(`/verify-email/${token}`)))
      return true
    } catch (error) {
      logger.warn({ userId: user.id, err: (error as Error).message }, 'verification mail not sent')
      return false
    }
  }
}
