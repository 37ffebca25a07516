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

export function extraProcesses(env: Record<string, string>): ExtraProcess[] {
  const sriPort = sriSimulatorPort(env)
  return [
    {
      label: 'SRI simulator',
      args: ['ace', 'sri:simulator', '--port', String(sriPort)],
      // The status page: services (WSDL links), active faults, documents received.
      url: `http://127.0.0.1:${sriPort}/`,
    },
  ]
}
