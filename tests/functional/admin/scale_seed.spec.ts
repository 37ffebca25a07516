import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { asPlatform } from '#tests/helpers/admin'
import { seedScale } from '#database/scale_seed'

test.group('Scale seed (bench:seed)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('seeds companies and documents, and completes instead of doubling when run again', async ({
    assert,
  }) => {
    const now = new Date('2031-09-15T12:00:00Z')
    const first = await seedScale({ companies: 3, documents: 40, days: 30, now })
    assert.deepEqual(first, { companies: 3, documentsInserted: 120 })
    const again = await seedScale({ companies: 3, documents: 40, days: 30, now })
    assert.deepEqual(again, { companies: 3, documentsInserted: 0 })
    const more = await seedScale({ companies: 4, documents: 50, days: 30, now })
    assert.deepEqual(more, { companies: 4, documentsInserted: 3 * 10 + 50 })

    const perCompany = await asPlatform(() =>
      db
        .from('documents as d')
        .join('tenants as t', 't.id', 'd.tenant_id')
        .whereLike('t.slug', 'bench-%')
        .groupBy('t.slug')
        .select('t.slug')
        .count('* as n')
        .orderBy('t.slug')
    )
    assert.deepEqual(
      perCompany.map((row) => [row.slug, Number(row.n)]),
      [
        ['bench-0001', 50],
        ['bench-0002', 50],
        ['bench-0003', 50],
        ['bench-0004', 50],
      ]
    )
    // Numbers are unique per company and the sequence continues after them.
    const sequences = await asPlatform(() =>
      db
        .from('numbering_sequences as s')
        .join('tenants as t', 't.id', 's.tenant_id')
        .whereLike('t.slug', 'bench-%')
        .select('s.last_number')
    )
    assert.lengthOf(sequences, 4)
    assert.isTrue(sequences.every((row) => Number(row.last_number) === 50))
    // Every rejected document has its rejection event, once.
    const rejected = await asPlatform(() =>
      db.rawQuery(
        `select count(*)::int as documents,
              (select count(*)::int from document_events e join tenants t on t.id = e.tenant_id
                where t.slug like 'bench-%' and e.kind = 'rejected') as events
         from documents d join tenants t on t.id = d.tenant_id
        where t.slug like 'bench-%' and d.status = 'REJECTED'`
      )
    )
    assert.isAbove(rejected.rows[0].documents, 0)
    assert.equal(rejected.rows[0].events, rejected.rows[0].documents)
    // Issue dates stay inside the window.
    const span = await asPlatform(() =>
      db
        .from('documents as d')
        .join('tenants as t', 't.id', 'd.tenant_id')
        .whereLike('t.slug', 'bench-%')
        .min('d.created_at as first')
        .max('d.created_at as last')
        .first()
    )
    assert.isAtLeast(new Date(span!.first).getTime(), now.getTime() - 30 * 86_400_000 - 1000)
    assert.isAtMost(new Date(span!.last).getTime(), now.getTime())
  })
})
