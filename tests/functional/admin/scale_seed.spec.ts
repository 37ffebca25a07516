import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { asPlatform } from '#tests/helpers/admin'
import { BENCH_OWNER_PASSWORD, benchOwnerEmail, seedScale } from '#database/scale_seed'

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

  test('each company has an owner who signs in, customers, and documents with lines, taxes and a payment that add up', async ({
    assert,
    client,
  }) => {
    const now = new Date('2031-09-15T12:00:00Z')
    await seedScale({ companies: 3, documents: 40, days: 30, now })

    // Company 2 is in Panama (every third), the others in Ecuador.
    const login = await client
      .post('/login')
      .form({ email: benchOwnerEmail(2), password: BENCH_OWNER_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    login.assertStatus(302)
    login.assertSession('auth_web')
    login.assertHeader('location', '/app')

    const counts = await asPlatform(() =>
      db.rawQuery(
        `select t.slug, t.country,
                (select count(*) from customers c where c.tenant_id = t.id)::int as customers,
                (select count(*) from documents d where d.tenant_id = t.id and d.customer_id is null)::int
                  as without_customer,
                (select count(*) from memberships m where m.tenant_id = t.id and m.role = 'OWNER')::int as owners
           from tenants t where t.slug like 'bench-%' order by t.slug`
      )
    )
    for (const row of counts.rows) {
      assert.equal(row.customers, 50, row.slug)
      assert.equal(row.without_customer, 0, row.slug)
      assert.equal(row.owners, 1, row.slug)
    }

    // Every document: two lines whose subtotals make its subtotal; every issued one: tax rows that make its
    // tax total, at its country's rates; and a payment of its total. The buyer is its customer's name.
    const mismatches = await asPlatform(() =>
      db.rawQuery(
        `select d.id, t.country, d.status
           from documents d
           join tenants t on t.id = d.tenant_id
           join customers c on c.tenant_id = d.tenant_id and c.id = d.customer_id
          where t.slug like 'bench-%'
            and ((select count(*) from document_lines l where l.tenant_id = d.tenant_id and l.document_id = d.id) <> 2
              or (select sum(l.subtotal) from document_lines l
                   where l.tenant_id = d.tenant_id and l.document_id = d.id) <> d.subtotal
              or (select sum(l.quantity * l.unit_price) from document_lines l
                   where l.tenant_id = d.tenant_id and l.document_id = d.id) - d.subtotal not between -0.01 and 0.01
              or (d.status <> 'DRAFT' and coalesce((select sum(x.amount) from document_taxes x
                   where x.tenant_id = d.tenant_id and x.document_id = d.id), -1) <> d.tax_total)
              or (select sum(p.amount) from document_payments p
                   where p.tenant_id = d.tenant_id and p.document_id = d.id) <> d.total
              or d.subtotal + d.tax_total <> d.total
              or d.buyer->>'name' <> c.legal_name)`
      )
    )
    assert.deepEqual(mismatches.rows, [])
    const categories = await asPlatform(() =>
      db.rawQuery(
        `select t.country, array_agg(distinct l.tax_category order by l.tax_category) as categories
           from document_lines l join tenants t on t.id = l.tenant_id
          where t.slug like 'bench-%' group by t.country order by t.country`
      )
    )
    assert.deepEqual(categories.rows, [
      { country: 'EC', categories: ['iva_0', 'iva_15'] },
      { country: 'PA', categories: ['itbms_7', 'itbms_exento'] },
    ])
  })
})
