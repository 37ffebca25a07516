/*
 * Registers the TaxManager singleton (`tax.manager`). Country adapters are
 * separate providers listed after this one in adonisrc.ts; each registers
 * itself with the manager in its boot phase. Once all have booted, the
 * translations are reloaded with the countries'. Cached adapters are
 * closed on shutdown.
 */
import type { ApplicationService } from '@adonisjs/core/types'
import { TaxManager } from '#adapters/core/manager'

declare module '@adonisjs/core/types' {
  interface ContainerBindings {
    'tax.manager': TaxManager
  }
}

export default class TaxProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton('tax.manager', () => new TaxManager())
    // The class is a token too, for @inject() constructors.
    this.app.container.singleton(TaxManager, (resolver) => resolver.make('tax.manager'))
  }

  /**
   * Every provider has booted, so every country is registered: load the
   * countries' translations (adapters/core/i18n_loader.ts) with the rest.
   */
  async start() {
    if (this.app.container.hasBinding('i18n')) {
      const i18n = await this.app.container.make('i18n')
      await i18n.reloadTranslations()
    }
  }

  async shutdown() {
    const manager = await this.app.container.make('tax.manager')
    await manager.closeAll()
  }
}
