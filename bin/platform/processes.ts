import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { TMP } from './paths.js'

/**
 * Long-running processes that `npm start` runs beside the web server and
 * the queue worker (local simulators of the tax authorities, the Stripe
 * stand-in). Each entry is an ace command with what to print in the start
 * banner: its URL, or lines it describes once it runs.
 */
export interface ExtraProcess {
  label: string
  args: string[]
  url?: string
  /** Banner lines, read when the banner is printed (after the process has started). */
  describe?: () => string[]
}

/**
 * Where `node ace tax:simulator --all` writes which simulators it started
 * and where (each adapter names its own address: SRI_SIMULATOR_URL,
 * HKA_SIMULATOR_URL, …), for the banner.
 */
export const SIMULATORS_FILE = join(TMP, 'simulators.json')

/** Banner lines of the running simulators: one per country, its status page. */
export function simulatorLines(file = SIMULATORS_FILE): string[] {
  if (!existsSync(file))
    return ['  Tax simulators  (starting; their addresses are in the log above)']
  try {
    const running = JSON.parse(readFileSync(file, 'utf8')) as Array<{
      country: string
      url: string
    }>
    return running.map(
      (simulator) => `  ${`Simulator ${simulator.country}`.padEnd(15)} ${simulator.url}/`
    )
  } catch {
    return ['  Tax simulators  (see the log above)']
  }
}

/**
 * The local Stripe stand-in's default port (config/billing.ts points the
 * SDK at STRIPE_LOCAL_URL, default http://127.0.0.1:12111).
 */
export const LOCAL_STRIPE_PORT = 12111

function localStripePort(env: Record<string, string>) {
  if (!env.STRIPE_LOCAL_URL) return LOCAL_STRIPE_PORT
  try {
    const url = new URL(env.STRIPE_LOCAL_URL)
    return url.port ? Number(url.port) : LOCAL_STRIPE_PORT
  } catch {
    return LOCAL_STRIPE_PORT
  }
}

/**
 * Billing talks to Stripe itself when STRIPE_SECRET_KEY is set; otherwise
 * to the local stand-in, which `npm start` then runs.
 */
export function usesLocalStripe(env: Record<string, string>) {
  return !(process.env.STRIPE_SECRET_KEY || env.STRIPE_SECRET_KEY)
}

export function extraProcesses(env: Record<string, string>): ExtraProcess[] {
  const processes: ExtraProcess[] = [
    {
      // Every registered country's simulator, each at the address its
      // adapter's configuration names; the banner shows their status pages.
      label: 'Tax simulators',
      args: ['ace', 'tax:simulator', '--all', '--announce', SIMULATORS_FILE],
      describe: () => simulatorLines(),
    },
  ]
  if (usesLocalStripe(env)) {
    const stripePort = localStripePort(env)
    processes.push({
      label: 'Local Stripe',
      args: [
        'ace',
        'stripe:local',
        '--port',
        String(stripePort),
        '--webhook-url',
        `http://127.0.0.1:${env.PORT || 3333}/webhooks/stripe`,
      ],
      // The status page: subscriptions (renew, fail a payment, cancel) and webhook deliveries.
      url: `http://127.0.0.1:${stripePort}/`,
    })
  }
  return processes
}
