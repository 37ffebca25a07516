import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { TENANT_TABLES } from '#tenancy/row_level_security'

/**
 * Unique indexes of tenant tables keyed across companies on purpose, with
 * the reason (docs/scaling.md says what each would need under Citus).
 * Anything else must include tenant_id.
 */
const ACROSS_COMPANIES: Record<string, string> = {
  audit_logs_pkey:
    'platform events (sign-in attempts, vault rotation) have no company: tenant_id is nullable, so it cannot be in a primary key',
  memberships_one_default_per_user:
    'a user has one default company, whichever companies they belong to',
  documents_access_key_unique:
    "an authority's access key is unique platform-wide: two companies with one tax id must never submit the same key",
}

interface UniqueIndex {
  table: string
  index: string
  primary: boolean
  columns: string[]
}

/** Every unique index (primary keys and unique constraints included) of the tenant tables, from pg_index. */
async function uniqueIndexes(): Promise<UniqueIndex[]> {
  const result = await db.rawQuery(
    `select c.relname as "table", i.relname as "index", x.indisprimary as "primary",
            array(select a.attname::text
                    from unnest(x.indkey) with ordinality k(n, position)
                    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.n
                   order by k.position) as columns
       from pg_index x
       join pg_class c on c.oid = x.indrelid
       join pg_class i on i.oid = x.indexrelid
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and x.indisunique and c.relname = any(?)
      order by 1, 2`,
    [[...TENANT_TABLES]]
  )
  return result.rows
}

test.group('Tenant tables: keys include tenant_id (the distribution column)', () => {
  test('every primary key and unique constraint of a tenant table includes tenant_id', async ({
    assert,
  }) => {
    const indexes = await uniqueIndexes()
    // Every tenant table has a primary key, and the catalog read finds them all.
    const withPrimary = new Set(indexes.filter((row) => row.primary).map((row) => row.table))
    assert.sameMembers([...withPrimary], [...TENANT_TABLES])

    const offenders = indexes
      .filter((row) => !row.columns.includes('tenant_id') && !(row.index in ACROSS_COMPANIES))
      .map((row) => `${row.table}: ${row.index} (${row.columns.join(', ')})`)
    assert.deepEqual(offenders, [], 'keys without tenant_id')

    // Primary keys lead with it, so one index serves look-ups and composite foreign keys.
    const notLeading = indexes
      .filter((row) => row.primary && row.columns[0] !== 'tenant_id')
      .filter((row) => !(row.index in ACROSS_COMPANIES))
      .map((row) => `${row.table} (${row.columns.join(', ')})`)
    assert.deepEqual(notLeading, [])

    // The exceptions still exist as described (the list does not rot).
    for (const name of Object.keys(ACROSS_COMPANIES)) {
      assert.isTrue(
        indexes.some((row) => row.index === name),
        `${name} is listed but no longer exists`
      )
    }
  })

  test('no table keeps a unique (tenant_id, id) beside a primary key on the same columns', async ({
    assert,
  }) => {
    const indexes = await uniqueIndexes()
    const twins = indexes
      .filter((row) => !row.primary)
      .filter((row) =>
        indexes.some(
          (other) =>
            other.primary &&
            other.table === row.table &&
            other.columns.join(',') === row.columns.join(',')
        )
      )
      .map((row) => row.index)
    assert.deepEqual(twins, [])
  })

  test('every foreign key between tenant tables includes tenant_id on both sides', async ({
    assert,
  }) => {
    const result = await db.rawQuery(
      `select con.conname as name, src.relname as "from", dst.relname as "to",
              array(select a.attname::text from unnest(con.conkey) k
                      join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k) as columns,
              array(select a.attname::text from unnest(con.confkey) k
                      join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k) as referenced
         from pg_constraint con
         join pg_class src on src.oid = con.conrelid
         join pg_class dst on dst.oid = con.confrelid
        where con.contype = 'f' and src.relname = any(?) and dst.relname = any(?)`,
      [[...TENANT_TABLES], [...TENANT_TABLES]]
    )
    assert.isAbove(result.rows.length, 20)
    const single = result.rows
      .filter(
        (row: { columns: string[]; referenced: string[] }) =>
          !row.columns.includes('tenant_id') || !row.referenced.includes('tenant_id')
      )
      .map((row: { name: string }) => row.name)
    assert.deepEqual(single, [])
  })
})
