import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The latency bucket kept two significant digits, so under 0.1 s it had
 * three decimals (0.012, 0.013), while `authorization_latency_days.seconds`
 * keeps two: two buckets of one statement became the same stored key and
 * the roll-up's upsert failed ("ON CONFLICT DO UPDATE command cannot affect
 * row a second time") when one statement changed several documents
 * authorized within 0.1 s of signing (a bulk delete, a bulk update). The
 * bucket now never has more decimals than the column: 0.01 s is the finest.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create or replace function facturo_latency_bucket(seconds double precision) returns numeric
      language sql immutable parallel safe as $$
        select round(seconds::numeric, least(2, (1 - floor(log(greatest(abs(seconds), 0.01))))::int))
      $$
    `)
  }

  async down() {
    this.schema.raw(`
      create or replace function facturo_latency_bucket(seconds double precision) returns numeric
      language sql immutable parallel safe as $$
        select round(seconds::numeric, (1 - floor(log(greatest(abs(seconds), 0.01))))::int)
      $$
    `)
  }
}
