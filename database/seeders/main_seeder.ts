import { BaseSeeder } from '@adonisjs/lucid/seeders'

/**
 * Entry point of `node ace db:seed`: runs the demo seeders in order. Every
 * seeder is idempotent, so `npm start` can run it on each start.
 */
export default class MainSeeder extends BaseSeeder {
  async run() {}
}
