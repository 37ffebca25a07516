/**
 * Long-running processes that `npm start` runs beside the web server and
 * the queue worker (local simulators of the tax authorities). Each entry is
 * an ace command with the URL it serves, printed in the start banner.
 */
export interface ExtraProcess {
  label: string
  args: string[]
  url: string
}

/**
 * The SRI simulator's default port. config/tax.ts points the demo Ecuador
 * tenant at SRI_SIMULATOR_URL (default http://127.0.0.1:3401), so a local
 * SRI_SIMULATOR_URL with another port moves the simulator with it.
 */
export const SRI_SIMULATOR_PORT = 3401

function sriSimulatorPort(env: Record<string, string>) {
  if (!env.SRI_SIMULATOR_URL) return SRI_SIMULATOR_PORT
  try {
    const url = new URL(env.SRI_SIMULATOR_URL)
    const local = ['127.0.0.1', 'localhost'].includes(url.hostname)
    return local && url.port ? Number(url.port) : SRI_SIMULATOR_PORT
  } catch {
    return SRI_SIMULATOR_PORT
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
  const sriPort = sriSimulatorPort(env)
  const processes: ExtraProcess[] = [
    {
      label: 'SRI simulator',
      args: ['ace', 'tax:simulator', 'EC', '--port', String(sriPort)],
      // The status page: services (WSDL links), active faults, documents received.
      url: `http://127.0.0.1:${sriPort}/`,
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
