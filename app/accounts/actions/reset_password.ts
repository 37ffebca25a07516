import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import User from '#accounts/models/user'
import UserToken, { hashToken } from '#accounts/models/user_token'
import { AccountsException } from '#accounts/errors'
import { audit, type AuditActor } from '#accounts/audit/audit_service'
import EndSessions from '#accounts/actions/end_sessions'
import { loginFailuresKey, loginLimiter } from '#start/limiter'

/**
 * Sets a new password from a reset link. The link is spent and the other
 * reset links of the user die. Every session of the user ends at once, on
 * every device, and every "remember me" token is deleted (EndSessions), so
 * whoever knew the old password or held a session cookie is signed out;
 * the failed-login block of the account is lifted. A reset link also
 * proves the address, so it counts as verified.
 */
export default class ResetPassword {
  async handle(token: string, password: string, actor: AuditActor) {
    const user = await db.transaction(async (trx) => {
      const row = await UserToken.query({ client: trx })
        .where('token_hash', hashToken(token))
        .where('purpose', 'password_reset')
        .forUpdate()
        .first()
      if (!row || !row.isUsable) {
        throw new AccountsException('accounts.reset.invalid_link', {}, 'password')
      }

      const now = DateTime.now()
      await UserToken.query({ client: trx })
        .where('user_id', row.userId)
        .where('purpose', 'password_reset')
        .whereNull('used_at')
        .update({ usedAt: now.toJSDate() })

      const owner = await User.findOrFail(row.userId, { client: trx })
      owner.password = password
      if (!owner.emailVerifiedAt) owner.emailVerifiedAt = now
      await owner.save()
      await new EndSessions().handle(owner.id, actor, { reason: 'password_reset', client: trx })

      await audit.record(actor, 'auth.password_reset_completed', {
        tenantId: null,
        userId: owner.id,
        entity: 'user',
        entityId: owner.id,
        client: trx,
      })
      return owner
    })
    await loginLimiter().delete(loginFailuresKey(user.email))
    return user
  }
}

/** Whether a reset link can still be used (for showing the form or an error). */
export async function resetLinkIsUsable(token: string) {
  const row = await UserToken.findByToken(token, 'password_reset')
  return !!row?.isUsable
}
