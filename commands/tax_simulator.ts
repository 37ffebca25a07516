/*
|--------------------------------------------------------------------------
| node ace tax:simulator <country> | --all
|--------------------------------------------------------------------------
|
| Runs the local simulator a country's adapter registered (same SOAP
| operations as the authority, with fault injection) until Ctrl-C /
| SIGTERM. With `--all`, every registered country's simulator at the
| address its adapter's configuration names (`simulatorUrl` of the
| registration): that is what `npm start` runs, so a new country's
| simulator starts with the others without touching the launcher. A
| country whose simulator address is not on this machine is skipped: its
| adapter talks to something else.
|
| The app boots (country adapters are providers) as a standalone command:
| no database, Redis or mail settings needed.
|
*/
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type { RunningSimulator, TaxManager } from '#adapters/core/manager'

/** The port a local simulator URL names; undefined when it is not on this machine. */
export function localPort(url: string | undefined): number | undefined {
  if (!url) return undefined
  try {
    const parsed = new URL(url)
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)) return undefined
    const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80))
    return Number.isInteger(port) ? port : undefined
  } catch {
    return undefined
  }
}

export default class TaxSimulatorCommand extends BaseCommand {
  static commandName = 'tax:simulator'
  static description =
    "Run a country's tax authority simulator (SOAP services with fault injection), or every country's with --all"

  static options: CommandOptions = { startApp: true, standalone: true, staysAlive: true }

  @args.string({ description: 'Country code of the tax adapter, e.g. EC', required: false })
  declare country?: string

  @flags.boolean({
    description: "Run every registered country's simulator at its configured address",
  })
  declare all: boolean

  @flags.number({ description: "Port to listen on (default: the adapter's simulator address)" })
  declare port?: number

  @flags.string({ description: 'Interface to bind', default: '127.0.0.1' })
  declare host: string

  @flags.number({
    description: 'Polls answered "pending" before a document is decided',
    default: 0,
  })
  declare authorizeAfterPolls: number

  @flags.number({ description: 'Minimum ms between reception and the decision', default: 0 })
  declare authorizeAfterMs: number

  @flags.string({
    description: 'Write the running simulators (country, url, lines) to this JSON file',
  })
  declare announce?: string

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

  async #start(tax: TaxManager, country: string, port: number): Promise<RunningSimulator> {
    const loader = tax.simulator(country)!
    const { default: definition } = await loader()
    return definition.start({
      port,
      host: this.host,
      authorizeAfterPolls: Number(this.authorizeAfterPolls) || 0,
      authorizeAfterMs: Number(this.authorizeAfterMs) || 0,
    })
  }

  async run() {
    const tax = await this.app.container.make('tax.manager')
    const withSimulator = tax.countries().filter((code) => tax.simulator(code))
    let plan: Array<{ country: string; port: number }>

    if (this.all) {
      plan = []
      for (const country of withSimulator) {
        const port = localPort(tax.simulatorUrl(country))
        if (port === undefined) {
          this.logger.warning(
            `${country}: la dirección del simulador no es local; no se inicia / the simulator address is not local; not started`
          )
          continue
        }
        plan.push({ country, port })
      }
    } else {
      const country = String(this.country ?? '').toUpperCase()
      if (!withSimulator.includes(country)) {
        return this.#fail(
          `El país "${country}" no tiene simulador / country "${country}" has no simulator (with one: ${withSimulator.join(', ')})`
        )
      }
      const port =
        this.port !== undefined ? Number(this.port) : (localPort(tax.simulatorUrl(country)) ?? 0)
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        return this.#fail(`Puerto inválido / invalid port: ${this.port}`)
      }
      plan = [{ country, port }]
    }

    const running: Array<{ country: string; simulator: RunningSimulator }> = []
    this.app.terminating(async () => {
      await Promise.allSettled(running.map(({ simulator }) => simulator.close()))
    })
    // bin/console.ts turns SIGTERM into app.terminate(); Ctrl-C (and the
    // process-group SIGINT `npm start` sends) must shut down cleanly too.
    process.once('SIGINT', () => {
      void this.terminate()
    })

    for (const { country, port } of plan) {
      try {
        running.push({ country, simulator: await this.#start(tax, country, port) })
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        return this.#fail(
          `No se pudo iniciar el simulador de ${country} / could not start ${country}'s: ${reason}`
        )
      }
    }

    for (const { simulator } of running) {
      const [first, ...rest] = simulator.describe()
      this.logger.success(first)
      for (const line of rest) this.logger.info(line)
    }
    if (this.announce) {
      await mkdir(dirname(this.announce), { recursive: true })
      const listing = running.map(({ country, simulator }) => ({
        country,
        url: simulator.url,
        lines: simulator.describe(),
      }))
      await writeFile(this.announce, JSON.stringify(listing, null, 2))
    }
  }
}
