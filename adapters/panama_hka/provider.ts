/*
 * Registers Panama as country 'PA'. Its authority does not issue yet
 * (`capabilities.issuing: false`): companies register and keep catalogs,
 * and the app says that issuing is not available. The conformance suite
 * runs against Panama once it issues.
 */
import type { ApplicationService } from '@adonisjs/core/types'
import type { PanamaAuthority } from '#adapters/panama_hka/panama_authority'

declare module '#adapters/core/manager' {
  interface TaxAuthorities {
    PA: PanamaAuthority
  }
}

export default class PanamaHkaProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { PanamaAuthority } = await import('#adapters/panama_hka/panama_authority')
    const manager = await this.app.container.make('tax.manager')
    manager.register('PA', () => new PanamaAuthority())
  }
}
