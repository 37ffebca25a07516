import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import User from '#accounts/models/user'
import { audit, type AuditActor } from '#accounts/audit/audit_service'

export type EndSessionsReason =
  | 'password_reset'
  | 'password_changed'
  | 'member_deactivated'
  | 'other_devices'

/**
 * Ends every session of a user at once, on every device: raises the
 * user's session generation, so each session signed in before is refused
 * on its next request (app/accounts/auth/session_guard.ts), and deletes
 * the "remember me" tokens, so no device signs itself back in. Runs in the
 * caller's transaction when given, so the change that motivates it and the
 * end of the sessions commit together.
 */
export default class EndSessions {
  async handle(
    userId: number,
    actor: HttpContext | AuditActor,
    options: { reason: EndSessionsReason; client?: TransactionClientContract }
  ) {
    const run = async (trx: TransactionClientContract) => {
      await trx.from('users').where('id', userId).increment('session_version', 1)
      await trx.from('remember_me_tokens').where('tokenable_id', userId).delete()
      await audit.record(actor, 'auth.sessions_ended', {
        tenantId: null,
        entity: 'user',
        entityId: userId,
        after: { reason: options.reason },
        client: trx,
      })
    }
    return options.client ? run(options.client) : db.transaction(run)
  }
}

/**
 * After ending all of a user's sessions from one of them (password change,
 * "sign out the other devices"), signs this device in again with the new
 * generation: a fresh session id, and a fresh "remember me" token when the
 * device had one.
 */
export async function keepThisDeviceSignedIn(ctx: HttpContext, userId: number) {
  const guard = ctx.auth.use('web')
  const remembered = !!ctx.request.encryptedCookie(guard.rememberMeKeyName)
  await guard.login(await User.findOrFail(userId), remembered)
}
