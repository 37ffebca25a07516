import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'

/**
 * Sessions live on the server (Redis); the cookie only carries the signed
 * session id. Signing out deletes the session, so a copied cookie is worth
 * nothing afterwards, and a password reset, a password change or a
 * deactivation ends every session of the user at once (see
 * app/accounts/auth/session_guard.ts).
 *
 * `memory` keeps sessions inside one process: only for a single-process
 * experiment, never with WEB_CONCURRENCY > 1. Older .env files still say
 * `cookie`, a store that cannot end a session: they get Redis too.
 */
const driver = env.get('SESSION_DRIVER', 'redis')

const sessionConfig = defineConfig({
  enabled: true,
  cookieName: 'facturo-session',
  clearWithBrowser: false,
  // Idle lifetime: every request pushes the expiry of the session (and of
  // its cookie) two hours ahead.
  age: '2h',
  cookie: {
    path: '/',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
  store: driver === 'memory' ? 'memory' : 'redis',
  stores: {
    redis: stores.redis({ connection: 'main' }),
  },
})

export default sessionConfig
