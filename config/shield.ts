import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/shield'
import { isMachineRequest } from '#core/machine_requests'

/**
 * CSP: everything is served from our own origin (no CDN), and pages talk
 * only to it (`connect-src 'self'`). In development the Vite dev server
 * injects inline module scripts and opens its hot-reload websocket on port
 * 24678, so the policy is relaxed there only (tests run Vite without hot
 * reload).
 */
const VITE_HMR = app.inDev ? ['ws://*:24678'] : []
const shieldConfig = defineConfig({
  csp: {
    enabled: true,
    directives: {
      defaultSrc: [`'self'`],
      scriptSrc: app.inProduction
        ? [`'self'`, '@nonce']
        : [`'self'`, `'unsafe-inline'`, `'unsafe-eval'`],
      styleSrc: [`'self'`, `'unsafe-inline'`],
      imgSrc: [`'self'`, 'data:', 'blob:'],
      fontSrc: [`'self'`, 'data:'],
      connectSrc: [`'self'`, ...VITE_HMR],
      objectSrc: [`'none'`],
      frameAncestors: [`'none'`],
      baseUri: [`'self'`],
      formAction: [`'self'`],
    },
    reportOnly: false,
  },
  csrf: {
    enabled: true,
    // API and webhook requests never reach this guard (page_shield_middleware.ts); /api/docs is a page.
    exceptRoutes: (ctx) => isMachineRequest(ctx),
    enableXsrfCookie: true,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: {
    enabled: true,
    action: 'DENY',
  },
  // Production only (development runs on plain http). Tenant subdomains
  // (acme.<APP_BASE_DOMAIN>) are covered too.
  hsts: {
    enabled: app.inProduction,
    maxAge: '180 days',
    includeSubDomains: true,
  },
  contentTypeSniffing: {
    enabled: true,
  },
})

export default shieldConfig
