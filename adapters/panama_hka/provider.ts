/*
 * Registers the Panama adapter (The Factory HKA) as country 'PA': its one
 * line in adonisrc.ts. The adapter's environment variables are validated
 * here, when the provider registers (a wrong value stops the boot and names
 * the variable), and the settings go to the adapter; application code reads
 * none of them.
 */
import type { ApplicationService } from '@adonisjs/core/types'
import { hkaSettingsFromEnv } from '#adapters/panama_hka/config'
import type { HkaSettings, PanamaAuthority } from '#adapters/panama_hka/panama_authority'

declare module '#adapters/core/manager' {
  interface TaxAuthorities {
    PA: PanamaAuthority
  }
}

export default class PanamaHkaProvider {
  #settings: HkaSettings = {}

  constructor(protected app: ApplicationService) {}

  register() {
    this.#settings = hkaSettingsFromEnv(process.env, this.app.inProduction)
  }

  async boot() {
    const { PanamaAuthority } = await import('#adapters/panama_hka/panama_authority')
    const manager = await this.app.container.make('tax.manager')
    const settings = this.#settings
    manager.register('PA', () => new PanamaAuthority(settings), {
      conformance: () => import('#adapters/panama_hka/testing/conformance'),
      simulator: () => import('#adapters/panama_hka/simulator/command'),
      simulatorUrl: settings.simulatorUrl,
      // HKA's and the DGI's codes explained (hka.policy.*, hka.transport.*).
      translations: new URL('./lang/', import.meta.url),
    })
  }

  /** The settings the adapter was registered with (tests, diagnostics). */
  get settings(): Readonly<HkaSettings> {
    return this.#settings
  }
}
