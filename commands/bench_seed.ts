/*
|--------------------------------------------------------------------------
| node ace bench:seed
|--------------------------------------------------------------------------
|
| Fills the database the app points at (DB_* / DB_DATABASE) with the scale
| data set the benchmarks read: 1,000 companies × 1,000 documents by
| default (database/scale_seed.ts). Idempotent; never run it against data
| you care about — it is meant for a disposable bench database.
|
*/
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class BenchSeedCommand extends BaseCommand {
  static commandName = 'bench:seed'
  static description = 'Seed bench companies and documents for the scale benchmarks (idempotent)'

  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'How many companies', default: 1000 })
  declare companies: number

  @flags.number({ description: 'Documents per company', default: 1000 })
  declare documents: number

  @flags.number({ description: 'Days the documents spread over, ending now', default: 365 })
  declare days: number

  async run() {
    const sizes = [this.companies, this.documents, this.days].map(Number)
    if (sizes.some((value) => !Number.isInteger(value) || value < 1)) {
      this.logger.error(
        '--companies, --documents y --days deben ser enteros positivos / must be positive integers'
      )
      this.exitCode = 1
      return
    }
    const { seedScale } = await import('#database/scale_seed')
    const started = Date.now()
    const result = await seedScale({
      companies: sizes[0],
      documents: sizes[1],
      days: sizes[2],
      progress: (done, total) => {
        if (done % 50 === 0 || done === total) this.logger.info(`${done}/${total} companies`)
      },
    })
    this.logger.success(
      `${result.companies} companies, ${result.documentsInserted} documents inserted in ${Math.round((Date.now() - started) / 1000)} s`
    )
  }
}
