/*
 * The SRI simulator as `node ace tax:simulator EC` runs it: recepción and
 * autorización offline with SRI's SOAP operations, plus fault injection.
 * `npm start` runs it on port 3401, where the demo Ecuador tenant sends
 * its documents.
 */
import type { CountrySimulator } from '#adapters/core/manager'
import { startSriSimulator } from '#adapters/ecuador_sri/simulator/server'

const sriSimulator: CountrySimulator = {
  async start(options) {
    const simulator = await startSriSimulator(options)
    return {
      url: simulator.url,
      describe: () => [
        `SRI simulator listening on ${simulator.url}`,
        `Recepción     ${simulator.receptionUrl}?wsdl`,
        `Autorización  ${simulator.authorizationUrl}?wsdl`,
        `Control       POST ${simulator.url}/__control/fault · GET ${simulator.url}/__control/state`,
      ],
      close: () => simulator.close(),
    }
  },
}

export default sriSimulator
