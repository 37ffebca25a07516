/*
 * Makes Panama's catalog rules (customer types and RUC/DV checks, ITBMS
 * categories, sucursal and punto de facturación formats) reachable through
 * the TaxManager as country 'PA'. The HKA authority itself is not
 * registered here yet: until it is, `tax.countryData('PA')` answers from
 * these pure data modules and the conformance suite ignores Panama.
 */
import type { ApplicationService } from '@adonisjs/core/types'

export default class PanamaHkaProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const { panamaCountryData } = await import('#adapters/panama_hka/country_data')
    const manager = await this.app.container.make('tax.manager')
    manager.registerCountryData('PA', panamaCountryData)
  }
}
