/*
 * The HKA simulator as `node ace tax:simulator PA` runs it: The Factory
 * HKA's integration service (the nine SOAP operations) with fault
 * injection. `npm start` runs it beside the SRI one; the demo Panama
 * company sends its documents there.
 */
import type { CountrySimulator } from '#adapters/core/manager'
import { CONTROL_PATH, startHkaSimulator } from '#adapters/panama_hka/simulator/server'

const hkaSimulator: CountrySimulator = {
  async start(options) {
    const simulator = await startHkaSimulator({ port: options.port, host: options.host })
    return {
      url: simulator.url,
      describe: () => [
        `HKA simulator listening on ${simulator.url}`,
        `Service       ${simulator.serviceUrl}?singleWsdl`,
        `Control       POST ${simulator.url}${CONTROL_PATH}/fault · GET ${simulator.url}${CONTROL_PATH}/state`,
      ],
      close: () => simulator.close(),
    }
  },
}

export default hkaSimulator
