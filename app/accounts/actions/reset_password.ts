import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import User from '#accounts/models/user'
import UserToken, { hashToken } from '#accounts/models/user_token'
import { AccountsException } from '#accounts/errors'
import { audit, type AuditActor } from '#accounts/audit/audit_service'

/**
 * Sets a new password from a reset link. The link is spent, other reset
 * links die, and every "remember me" token is revoked: whoever knew the
 * old password is signed out everywhere. A reset link also proves the
 * address, so it counts as verified.
 */
export default class ResetPassword {
  async handle(token: string, password: string, actor: AuditActor) {
    return db.transaction(async (trx) => {
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

      const user = await User.findOrFail(row.userId, { client: trx })
      user.password = password
      if (!user.emailVerifiedAt) user.emailVerifiedAt = now
      await user.save()
      await trx.from('remember_me_tokens').where('tokenable_id', user.id).delete()

      await audit.record(actor, 'auth.password_reset_completed', {
        tenantId: null,
        userId: user.id,
        entity: 'user',
        entityId: user.id,
        client: trx,
      })
      return user
    })
  }
}

/** Whether a reset link can still be used (for showing the form or an error). */
export async function resetLinkIsUsable(token: string) {
  const row = await UserToken.findByToken(token, 'password_reset')
  return !!row?.isUsable
}
