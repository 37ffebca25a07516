/*
 * The application's TaxManager, resolved from the container once the app
 * has booted:
 *
 *   import tax from '#adapters/core/services/tax'
 *   const authority = tax.use(tenant.country)
 */
import app from '@adonisjs/core/services/app'
import type { TaxManager } from '#adapters/core/manager'

let tax: TaxManager

await app.booted(async () => {
  tax = await app.container.make('tax.manager')
})

export { tax, tax as default }
