import type { HttpContext } from '@adonisjs/core/http'
import type { ConfigProvider } from '@adonisjs/core/types'
import type { EmitterLike } from '@adonisjs/core/types/events'
import { errors } from '@adonisjs/auth'
import { SessionGuard } from '@adonisjs/auth/session'
import type { GuardConfigProvider } from '@adonisjs/auth/types'
import type {
  SessionGuardEvents,
  SessionGuardOptions,
  SessionWithTokensUserProviderContract,
} from '@adonisjs/auth/types/session'
import db from '@adonisjs/lucid/services/db'

/** Session key holding the user's session generation at sign-in. */
export const SESSION_VERSION_KEY = 'auth_version'

type Provider = SessionWithTokensUserProviderContract<unknown>

/**
 * The framework's session guard plus a session generation per user
 * (`users.session_version`). Signing in writes the user's current value
 * into the session; every later request compares it with the user row the
 * guard loads anyway, so the check costs no query. Raising the value
 * (`endAllSessions`, app/accounts/actions/end_sessions.ts) refuses every
 * older session at once, whichever store holds it and even when a request
 * in flight writes the session back after it was deleted.
 */
export class VersionedSessionGuard<UserProvider extends Provider> extends SessionGuard<
  true,
  UserProvider
> {
  #ctx: HttpContext

  constructor(
    name: string,
    ctx: HttpContext,
    options: SessionGuardOptions<true>,
    emitter: EmitterLike<SessionGuardEvents<UserProvider[any]>>,
    userProvider: UserProvider
  ) {
    super(name, ctx, options, emitter, userProvider)
    this.#ctx = ctx
  }

  async login(user: Parameters<SessionGuard<true, UserProvider>['login']>[0], remember = false) {
    await super.login(user, remember)
    this.#ctx.session.put(SESSION_VERSION_KEY, await sessionVersionOf(user))
  }

  async authenticate() {
    const firstAttempt = !this.authenticationAttempted
    const user = await super.authenticate()
    if (!firstAttempt) return user

    const current = await sessionVersionOf(user)
    if (this.viaRemember) {
      // The guard has just opened a new session from a remember-me token
      // (tokens are deleted whenever the sessions are ended).
      this.#ctx.session.put(SESSION_VERSION_KEY, current)
      return user
    }
    if (this.#ctx.session.get(SESSION_VERSION_KEY) !== current) {
      await this.logout()
      this.#ctx.session.clear()
      this.#ctx.session.regenerate()
      throw new errors.E_UNAUTHORIZED_ACCESS('Session ended', {
        guardDriverName: this.driverName,
      })
    }
    return user
  }

  /** Sessions made by tests' `loginAs` carry the generation like real ones. */
  async authenticateAsClient(user: Parameters<SessionGuard<true, UserProvider>['login']>[0]) {
    const client = await super.authenticateAsClient(user)
    return {
      ...client,
      session: { ...client.session, [SESSION_VERSION_KEY]: await sessionVersionOf(user) },
    }
  }
}

/** The generation on the user row (read from the database when the instance lacks it). */
async function sessionVersionOf(user: unknown): Promise<number> {
  const model = user as { id: number; sessionVersion?: number }
  if (typeof model.sessionVersion === 'number') return model.sessionVersion
  const row = await db.from('users').where('id', model.id).select('session_version').first()
  return Number(row?.session_version ?? 1)
}

/** `sessionGuard()` of @adonisjs/auth, building the versioned guard. */
export function versionedSessionGuard<UserProvider extends Provider>(
  config: { provider: UserProvider | ConfigProvider<UserProvider> } & SessionGuardOptions<true>
): GuardConfigProvider<(ctx: HttpContext) => VersionedSessionGuard<UserProvider>> {
  return {
    async resolver(name, app) {
      const emitter = await app.container.make('emitter')
      const provider =
        'resolver' in config.provider ? await config.provider.resolver(app) : config.provider
      return (ctx) => new VersionedSessionGuard(name, ctx, config, emitter as any, provider)
    },
  }
}
