import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { Secret } from '@adonisjs/core/helpers'
import { defineConfig } from '@adonisjs/core/http'
import proxyAddr from 'proxy-addr'

/**
 * The application key encrypts cookies and signed URLs. It is not the vault
 * master key (VAULT_MASTER_KEY), which protects certificates and tokens.
 */
export const appKey = new Secret(env.get('APP_KEY'))

/**
 * Proxies whose X-Forwarded-For / -Proto / -Host headers are believed:
 * TRUSTED_PROXIES, a comma-separated list of addresses or CIDR ranges
 * (`10.0.0.0/8`) or proxy-addr's names (`loopback`, `uniquelocal`). Empty,
 * the default, believes nobody: `request.ip()` is the address of the
 * socket, so a client cannot pick the IP the login and form limits count.
 */
export function trustedProxies(list: string | undefined) {
  const entries = (list ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  return entries.length ? proxyAddr.compile(entries) : () => false
}

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: false,
  useAsyncLocalStorage: false,
  trustProxy: trustedProxies(env.get('TRUSTED_PROXIES')),
  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
