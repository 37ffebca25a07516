/*
 * Registers the Ecuador SRI adapter as country 'EC'. Listed in adonisrc.ts
 * after the tax provider; it is the only line the application needs.
 */
import type { ApplicationService } from '@adonisjs/core/types'
import type { SriAuthority, SriSettings } from '#adapters/ecuador_sri/sri_authority'

declare module '#adapters/core/manager' {
  interface TaxAuthorities {
    EC: SriAuthority
  }
}

export default class EcuadorSriProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { SriAuthority } = await import('#adapters/ecuador_sri/sri_authority')
    const settings = this.app.config.get<SriSettings>('tax.ecuador', {})
    const manager = await this.app.container.make('tax.manager')
    manager.register('EC', () => new SriAuthority(settings), {
      conformance: () => import('#adapters/ecuador_sri/testing/conformance'),
    })
  }
}
