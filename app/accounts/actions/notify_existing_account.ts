import hash from '@adonisjs/core/services/hash'
import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import type User from '#accounts/models/user'
import AccountExistsMail from '#accounts/mails/account_exists_mail'
import { appUrl } from '#accounts/links'
import { signupNoticeLimiter } from '#start/limiter'
import { audit, type AuditActor } from '#accounts/audit/audit_service'

/**
 * A sign-up (company or join code) with an address that already has an
 * account: the owner gets an e-mail instead of the form saying so. The
 * chosen password is hashed and thrown away, so this path costs about what
 * creating the account costs and the answer time tells nothing either. At
 * most three such mails per address an hour, so the form cannot be used to
 * flood someone's inbox.
 */
export default class NotifyExistingAccount {
  async handle(user: User, password: string, actor: AuditActor) {
    await hash.make(password)
    await audit.record(actor, 'auth.signup_existing_email', {
      tenantId: null,
      userId: user.id,
      entity: 'user',
      entityId: user.id,
    })

    const limiter = signupNoticeLimiter()
    const allowed = await limiter.attempt(`signup_notice_${user.id}`, () => true)
    if (!allowed) return
    try {
      await mail.send(new AccountExistsMail(user, appUrl('/login'), actor.ip ?? ''))
    } catch (error) {
      logger.warn(
        { userId: user.id, err: (error as Error).message },
        'account-exists mail not sent'
      )
    }
  }
}
