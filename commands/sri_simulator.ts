/*
|--------------------------------------------------------------------------
| node ace sri:simulator
|--------------------------------------------------------------------------
|
| Runs the local SRI simulator (recepción + autorización offline, same SOAP
| operations as SRI) until Ctrl-C / SIGTERM. `npm start` runs it on port
| 3401, where the demo Ecuador tenant sends its documents.
|
*/
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { startSriSimulator, type SriSimulator } from '#adapters/ecuador_sri/simulator/server'

export default class SriSimulatorCommand extends BaseCommand {
  static commandName = 'sri:simulator'
  static description =
    'Run the local SRI simulator (SOAP recepción/autorización with fault injection)'

  // The simulator needs no application services; it only has to stay up.
  static options: CommandOptions = { startApp: false, staysAlive: true }

  @flags.number({ description: 'Port to listen on', default: 3401 })
  declare port: number

  @flags.string({ description: 'Interface to bind', default: '127.0.0.1' })
  declare host: string

  @flags.number({
    description: 'Polls answered EN PROCESO before a document is decided',
    default: 0,
  })
  declare authorizeAfterPolls: number

  @flags.number({ description: 'Minimum ms between recepción and the decision', default: 0 })
  declare authorizeAfterMs: number

  /**
   * Ace copies a staying-alive command's exit code only once run() has
   * returned, so a failure inside run() sets the process exit code itself.
   */
  async #fail() {
    this.exitCode = 1
    process.exitCode = 1
    await this.terminate()
  }

  async run() {
    const port = Number(this.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      this.logger.error(`Puerto inválido / invalid port: ${this.port}`)
      return this.#fail()
    }

    let simulator: SriSimulator
    try {
      simulator = await startSriSimulator({
        port,
        host: this.host,
        authorizeAfterPolls: Number(this.authorizeAfterPolls) || 0,
        authorizeAfterMs: Number(this.authorizeAfterMs) || 0,
      })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      this.logger.error(`No se pudo iniciar el simulador SRI / could not start: ${reason}`)
      return this.#fail()
    }

    this.app.terminating(async () => {
      await simulator.close()
    })
    // bin/console.ts turns SIGTERM into app.terminate(); Ctrl-C (and the
    // process-group SIGINT `npm start` sends) must shut down cleanly too.
    process.once('SIGINT', () => {
      void this.terminate()
    })

    this.logger.success(`SRI simulator listening on ${simulator.url}`)
    this.logger.info(`Recepción     ${simulator.receptionUrl}?wsdl`)
    this.logger.info(`Autorización  ${simulator.authorizationUrl}?wsdl`)
    this.logger.info(
      `Control       POST ${simulator.url}/__control/fault · GET ${simulator.url}/__control/state`
    )
  }
}
