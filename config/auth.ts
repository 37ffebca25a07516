import { defineConfig } from '@adonisjs/auth'
import { sessionUserProvider } from '@adonisjs/auth/session'
import type { InferAuthEvents, Authenticators } from '@adonisjs/auth/types'
import { versionedSessionGuard } from '#accounts/auth/session_guard'

const authConfig = defineConfig({
  default: 'web',
  guards: {
    // The session guard of @adonisjs/auth plus a per-user session
    // generation, so that every session of a user can be ended at once.
    web: versionedSessionGuard({
      // "Remember me" keeps a signed-in device for 30 days; only the token
      // hash is stored (remember_me_tokens), and ending a user's sessions
      // deletes them all.
      useRememberMeTokens: true,
      rememberMeTokensAge: '30 days',
      provider: sessionUserProvider({
        model: () => import('#accounts/models/user'),
      }),
    }),
  },
})

export default authConfig

declare module '@adonisjs/auth/types' {
  export interface Authenticators extends InferAuthenticators<typeof authConfig> {}
}
declare module '@adonisjs/core/types' {
  interface EventsList extends InferAuthEvents<Authenticators> {}
}
