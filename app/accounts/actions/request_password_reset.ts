import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import User from '#accounts/models/user'
import UserToken from '#accounts/models/user_token'
import ResetPasswordMail from '#accounts/mails/reset_password_mail'
import { appUrl } from '#accounts/links'
import { audit, type AuditActor } from '#accounts/audit/audit_service'

/**
 * Mails a reset link (valid one hour) when the address has an account. The
 * caller answers the same way either way, so the form cannot be used to
 * find out who has an account. Earlier links stop working.
 */
export default class RequestPasswordReset {
  async handle(email: string, actor: AuditActor) {
    const user = await User.findByEmail(email)
    if (!user) return

    await UserToken.query()
      .where('user_id', user.id)
      .where('purpose', 'password_reset')
      .whereNull('used_at')
      .update({ usedAt: DateTime.now().toJSDate() })
    const token = await UserToken.issue(user, 'password_reset', { hours: 1 })

    await audit.record(actor, 'auth.password_reset_requested', {
      tenantId: null,
      userId: user.id,
      entity: 'user',
      entityId: user.id,
    })
    try {
      await mail.send(
        new ResetPasswordMail(user, appUrl(`/reset-password/${token}`), actor.ip ?? '')
      )
    } catch (error) {
      logger.warn({ userId: user.id, err: (error as Error).message }, 'reset mail not sent')
    }
  }
}
