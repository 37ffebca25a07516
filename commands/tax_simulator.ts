/*
|--------------------------------------------------------------------------
| node ace tax:simulator <country>
|--------------------------------------------------------------------------
|
| Runs the local simulator a country's adapter registered (Ecuador: SRI's
| recepción + autorización offline, same SOAP operations, with fault
| injection) until Ctrl-C / SIGTERM. `npm start` runs Ecuador's on port
| 3401, where the demo Ecuador tenant sends its documents.
|
| The app boots (country adapters are providers) as a standalone command:
| no database, Redis or mail settings needed.
|
*/
import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type { RunningSimulator } from '#adapters/core/manager'

export default class TaxSimulatorCommand extends BaseCommand {
  static commandName = 'tax:simulator'
  static description =
    "Run a country's tax authority simulator (Ecuador: SOAP recepción/autorización with fault injection)"

  static options: CommandOptions = { startApp: true, standalone: true, staysAlive: true }

  @args.string({ description: 'Country code of the tax adapter, e.g. EC' })
  declare country: string

  @flags.number({ description: 'Port to listen on', default: 3401 })
  declare port: number

  @flags.string({ description: 'Interface to bind', default: '127.0.0.1' })
  declare host: string

  @flags.number({
    description: 'Polls answered "pending" before a document is decided',
    default: 0,
  })
  declare authorizeAfterPolls: number

  @flags.number({ description: 'Minimum ms between reception and the decision', default: 0 })
  declare authorizeAfterMs: number

  /**
   * Ace copies a staying-alive command's exit code only once run() has
   * returned, so a failure inside run() sets the process exit code itself.
   */
  async #fail(message: string) {
    this.logger.error(message)
    this.exitCode = 1
    process.exitCode = 1
    await this.terminate()
  }

  async run() {
    const port = Number(this.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      return this.#fail(`Puerto inválido / invalid port: ${this.port}`)
    }
    const tax = await this.app.container.make('tax.manager')
    const country = String(this.country ?? '').toUpperCase()
    const loader = tax.has(country) ? tax.simulator(country) : undefined
    if (!loader) {
      return this.#fail(
        `El país "${country}" no tiene simulador / country "${country}" has no simulator (registered: ${tax.countries().join(', ')})`
      )
    }

    let simulator: RunningSimulator
    try {
      const { default: definition } = await loader()
      simulator = await definition.start({
        port,
        host: this.host,
        authorizeAfterPolls: Number(this.authorizeAfterPolls) || 0,
        authorizeAfterMs: Number(this.authorizeAfterMs) || 0,
      })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return this.#fail(`No se pudo iniciar el simulador / could not start: ${reason}`)
    }

    this.app.terminating(async () => {
      await simulator.close()
    })
    // bin/console.ts turns SIGTERM into app.terminate(); Ctrl-C (and the
    // process-group SIGINT `npm start` sends) must shut down cleanly too.
    process.once('SIGINT', () => {
      void this.terminate()
    })

    const [first, ...rest] = simulator.describe()
    this.logger.success(first)
    for (const line of rest) this.logger.info(line)
  }
}
