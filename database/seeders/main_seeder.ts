import { BaseSeeder } from '@adonisjs/lucid/seeders'
import { seedDemoAccounts } from '#database/demo/accounts'
import { seedDemoCatalog } from '#database/demo/catalog'
import { seedDemoCertificates } from '#database/demo/certificates'
import { seedDemoInvoicing } from '#database/demo/invoicing'

/**
 * Entry point of `node ace db:seed`: runs the demo seeders in order. Every
 * seeder is idempotent, so `npm start` can run it on each start.
 */
export default class MainSeeder extends BaseSeeder {
  async run() {
    await seedDemoAccounts()
    await seedDemoCatalog()
    await seedDemoCertificates()
    await seedDemoInvoicing()
  }
}
