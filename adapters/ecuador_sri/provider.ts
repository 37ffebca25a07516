/*
 * Registers the Ecuador SRI adapter as country 'EC': its one line in
 * adonisrc.ts. The adapter's environment variables are validated here, when
 * the provider registers (a wrong value stops the boot and names the
 * variable), and the settings go to the adapter; application code reads
 * none of them.
 */
import type { ApplicationService } from '@adonisjs/core/types'
import {
  DEFAULT_SIMULATOR_URL,
  sriEnvRules,
  sriSettingsFromEnv,
} from '#adapters/ecuador_sri/config'
import type { SriAuthority, SriSettings } from '#adapters/ecuador_sri/sri_authority'

declare module '#adapters/core/manager' {
  interface TaxAuthorities {
    EC: SriAuthority
  }
}

export default class EcuadorSriProvider {
  #settings: SriSettings = {}
  #simulatorUrl = DEFAULT_SIMULATOR_URL

  constructor(protected app: ApplicationService) {}

  register() {
    this.#settings = sriSettingsFromEnv(process.env, this.app.inProduction)
    this.#simulatorUrl =
      sriEnvRules.validate(process.env).SRI_SIMULATOR_URL ?? DEFAULT_SIMULATOR_URL
  }

  async boot() {
    const { SriAuthority } = await import('#adapters/ecuador_sri/sri_authority')
    const manager = await this.app.container.make('tax.manager')
    const settings = this.#settings
    manager.register('EC', () => new SriAuthority(settings), {
      conformance: () => import('#adapters/ecuador_sri/testing/conformance'),
      simulator: () => import('#adapters/ecuador_sri/simulator/command'),
      simulatorUrl: this.#simulatorUrl,
      // SRI's codes explained (sri.policy.*, sri.transport.*).
      translations: new URL('./lang/', import.meta.url),
    })
  }

  /** The settings the adapter was registered with (tests, diagnostics). */
  get settings(): Readonly<SriSettings> {
    return this.#settings
  }
}
