import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import testUtils from '@adonisjs/core/services/test_utils'
import { browserClient } from '@japa/browser-client'
import { shieldApiClient } from '@adonisjs/shield/plugins/api_client'
import { authApiClient } from '@adonisjs/auth/plugins/api_client'
import { inertiaApiClient } from '@adonisjs/inertia/plugins/api_client'
import { chromium } from 'playwright'
import { storeSessionApiClient } from '#tests/helpers/session_api_client'

/**
 * Chromium comes from Debian (npm test finds it and sets CHROMIUM_PATH);
 * playwright never downloads a browser here. The flags keep a root, offline
 * Chromium quiet and working.
 */
export const plugins: Config['plugins'] = [
  assert(),
  apiClient(),
  pluginAdonisJS(app),
  // Sessions in tests live in the same server-side store as in production
  // (Redis); @adonisjs/session's own plugin only knows a memory store.
  storeSessionApiClient(app),
  shieldApiClient(),
  authApiClient(app),
  inertiaApiClient(app),
  browserClient({
    runInSuites: ['browser'],
    contextOptions: { locale: 'es-EC', timezoneId: 'America/Guayaquil' },
    launcher: (options) =>
      chromium.launch({
        ...options,
        executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-dev-shm-usage',
        ],
      }),
  }),
]

/**
 * The test database is migrated once per run as the owner role (and rolled
 * back at the end);
 * each test that writes wraps itself in a global transaction.
 *
 * Everything a run opens is closed before Japa's summary, or the process
 * cannot exit on its own:
 *
 * - the application's shutdown (bin/test.ts, last teardown hook, with a
 *   deadline) stops the Vite dev server and its esbuild service (@adonisjs/vite),
 *   the database pool (Lucid), the queues and their Redis connections
 *   (bull-queue), the tax adapters' SOAP clients (tax provider) and the mail
 *   transports; in tests Vite runs with no file watcher and no websocket
 *   server at all (vite.config.ts);
 * - each suite's HTTP server is closed by the cleanup of configureSuite below,
 *   and Chromium by the browser-client plugin at the end of the browser suite;
 * - BullMQ workers, SRI simulators and worker processes that a test starts
 *   are closed by the group that starts them (its setup's cleanup function),
 *   which Japa runs even when a test fails.
 *
 * bin/test.ts also makes SIGTERM end the process and, as the last resort,
 * exits a few seconds after the summary naming whatever was left open.
 */
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [migrateOrExit],
  teardown: [],
}

/**
 * A migration that fails leaves the app's open handles (Vite, Redis) alive
 * and Japa waiting forever; stop the run at once instead, with the error.
 */
async function migrateOrExit() {
  try {
    return await testUtils.db('owner').migrate()
  } catch (error) {
    process.stderr.write(`\nTest database migration failed: ${String(error)}\n`)
    process.exit(1)
  }
}

export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional'].includes(suite.name)) {
    return suite.setup(() => testUtils.httpServer().start())
  }
}
