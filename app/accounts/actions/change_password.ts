import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import User from '#accounts/models/user'
import { AccountsException } from '#accounts/errors'
import { audit } from '#accounts/audit/audit_service'
import EndSessions, { keepThisDeviceSignedIn } from '#accounts/actions/end_sessions'
import { loginFailuresKey, loginLimiter } from '#start/limiter'

/**
 * A signed-in user changes their password, proving the current one. A
 * wrong current password counts as a failed sign-in of the account (the
 * same block applies), so a borrowed session cannot be used to guess it.
 * Every other session of the user ends; this device stays signed in.
 */
export default class ChangePassword {
  async handle(ctx: HttpContext, input: { currentPassword: string; password: string }) {
    const email = ctx.auth.getUserOrFail().email
    const limiter = loginLimiter()

    let outcome: Awaited<ReturnType<typeof limiter.penalize<User>>>
    try {
      outcome = await limiter.penalize(loginFailuresKey(email), () =>
        User.verifyCredentials(email, input.currentPassword)
      )
    } catch {
      throw new AccountsException('accounts.password.current_invalid', {}, 'currentPassword')
    }
    const [throttled, user] = outcome
    if (throttled) {
      const minutes = Math.max(1, Math.ceil(throttled.response.availableIn / 60))
      throw new AccountsException('accounts.login.throttled', { minutes }, 'currentPassword')
    }

    await db.transaction(async (trx) => {
      user.useTransaction(trx)
      user.password = input.password
      await user.save()
      await audit.record(ctx, 'auth.password_changed', {
        tenantId: null,
        entity: 'user',
        entityId: user.id,
        client: trx,
      })
      await new EndSessions().handle(user.id, ctx, { reason: 'password_changed', client: trx })
    })
    await keepThisDeviceSignedIn(ctx, user.id)
  }
}
