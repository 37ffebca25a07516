import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import UserToken, { hashToken } from '#accounts/models/user_token'
import User from '#accounts/models/user'
import { audit, type AuditActor } from '#accounts/audit/audit_service'

export type VerifyEmailResult = 'verified' | 'already_verified' | 'invalid'

/** Marks the address verified when the link is genuine, unused and in time. */
export default class VerifyEmail {
  async handle(token: string, actor: AuditActor): Promise<VerifyEmailResult> {
    return db.transaction(async (trx) => {
      const row = await UserToken.query({ client: trx })
        .where('token_hash', hashToken(token))
        .where('purpose', 'email_verification')
        .forUpdate()
        .first()
      if (!row) return 'invalid'
      const user = await User.findOrFail(row.userId, { client: trx })
      if (user.emailVerifiedAt) return 'already_verified'
      if (!row.isUsable) return 'invalid'

      const now = DateTime.now()
      row.usedAt = now
      await row.save()
      user.emailVerifiedAt = now
      await user.save()
      await audit.record(actor, 'auth.email_verified', {
        userId: user.id,
        tenantId: null,
        entity: 'user',
        entityId: user.id,
        after: { email: user.email },
        client: trx,
      })
      return 'verified'
    })
  }
}
