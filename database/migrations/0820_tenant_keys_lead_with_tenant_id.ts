import { BaseSchema } from '@adonisjs/lucid/schema'
import { constraintName } from '#tenancy/schema'

/**
 * Every tenant table's primary key leads with tenant_id: `(id)` with a
 * `unique (tenant_id, id)` beside it becomes `primary key (tenant_id, id)`
 * (tax_submissions: `(tenant_id, document_id)`), so the table can be
 * distributed by tenant_id (Citus requires the distribution column in
 * every primary and unique key) and one index serves both the row look-ups
 * and the composite foreign keys, where there were two.
 *
 * The tables are found in the catalog, not in a list: every table with a
 * NOT NULL tenant_id whose primary key lacks it. `audit_logs` has no such
 * column (its platform rows have none) and keeps `(id)`.
 *
 * The composite foreign keys pointing at these tables depend on the
 * `unique (tenant_id, id)` index, so they are dropped first and added
 * again, unchanged, once the primary key has taken over. The invitation
 * links' hash, looked up before the company is known, becomes unique per
 * company with a plain index for that look-up (a SHA-256 of 256 random
 * bits does not collide across companies either).
 */
interface Key {
  table: string
  pkey: string
  columns: string[]
  /** The unique (tenant_id, <column>) constraint the new primary key replaces, if any. */
  twin: string | null
}

interface ForeignKey {
  table: string
  name: string
  definition: string
}

export default class extends BaseSchema {
  async up() {
    this.defer(async (client) => {
      const keys = await this.#keysToWiden(client)
      await this.#rekey(
        client,
        keys.map((key) => key.table),
        async () => {
          for (const key of keys) {
            await client.rawQuery(`alter table ?? drop constraint ??`, [key.table, key.pkey])
            if (key.twin) {
              await client.rawQuery(`alter table ?? drop constraint ??`, [key.table, key.twin])
            }
            await client.rawQuery(
              `alter table ?? add constraint ?? primary key (tenant_id, ${key.columns.map(() => '??').join(', ')})`,
              [key.table, key.pkey, ...key.columns]
            )
          }
        }
      )

      await client.rawQuery(`alter table invitations drop constraint invitations_token_hash_unique`)
      await client.rawQuery(
        `alter table invitations add constraint invitations_tenant_id_token_hash_unique unique (tenant_id, token_hash)`
      )
      await client.rawQuery(`create index invitations_token_hash_index on invitations (token_hash)`)
    })
  }

  /** Tables with a NOT NULL tenant_id whose primary key does not include it. */
  async #keysToWiden(client: DeferClient): Promise<Key[]> {
    const result = await client.rawQuery(`
      select c.relname as "table", con.conname as pkey,
             array(select a.attname::text from unnest(con.conkey) k
                   join pg_attribute a on a.attrelid = c.oid and a.attnum = k) as columns
        from pg_constraint con
        join pg_class c on c.oid = con.conrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute t on t.attrelid = c.oid and t.attname = 'tenant_id' and t.attnotnull
       where n.nspname = 'public' and con.contype = 'p'
         and not (con.conkey @> array[t.attnum])
       order by c.relname`)
    const keys: Key[] = []
    for (const row of result.rows as Array<{ table: string; pkey: string; columns: string[] }>) {
      const twin = await client.rawQuery(
        `select con.conname from pg_constraint con
          where con.conrelid = ?::regclass and con.contype = 'u'
            and (select array_agg(a.attname::text order by a.attname)
                   from unnest(con.conkey) k
                   join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k)
                = (select array_agg(x order by x) from unnest(?::text[]) x)`,
        [row.table, ['tenant_id', ...row.columns]]
      )
      keys.push({ ...row, twin: (twin.rows[0]?.conname as string | undefined) ?? null })
    }
    return keys
  }

  /**
   * Runs `change` with the foreign keys that point at `tables` lifted, and
   * puts them back unchanged afterwards (they depend on the unique index
   * being replaced).
   */
  async #rekey(client: DeferClient, tables: string[], change: () => Promise<void>) {
    const foreign = await client.rawQuery(
      `select src.relname as "table", con.conname as name, pg_get_constraintdef(con.oid) as definition
         from pg_constraint con
         join pg_class src on src.oid = con.conrelid
         join pg_class dst on dst.oid = con.confrelid
        where con.contype = 'f' and dst.relname = any(?)
        order by src.relname, con.conname`,
      [tables]
    )
    const foreignKeys = foreign.rows as ForeignKey[]
    for (const key of foreignKeys) {
      await client.rawQuery(`alter table ?? drop constraint ??`, [key.table, key.name])
    }
    await change()
    for (const key of foreignKeys) {
      await client.rawQuery(`alter table ?? add constraint ?? ${key.definition}`, [
        key.table,
        key.name,
      ])
    }
  }

  async down() {
    this.defer(async (client) => {
      await client.rawQuery(`drop index invitations_token_hash_index`)
      await client.rawQuery(
        `alter table invitations drop constraint invitations_tenant_id_token_hash_unique`
      )
      await client.rawQuery(
        `alter table invitations add constraint invitations_token_hash_unique unique (token_hash)`
      )
      // Back to (id) + unique (tenant_id, id): the tables this migration widened.
      const result = await client.rawQuery(`
        select c.relname as "table", con.conname as pkey,
               array(select a.attname::text from unnest(con.conkey) with ordinality k(n, i)
                     join pg_attribute a on a.attrelid = c.oid and a.attnum = k.n order by k.i) as columns
          from pg_constraint con
          join pg_class c on c.oid = con.conrelid
          join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and con.contype = 'p'
         order by c.relname`)
      const narrowed = (
        result.rows as Array<{ table: string; pkey: string; columns: string[] }>
      ).filter(
        (row) =>
          row.columns.length === 2 &&
          row.columns[0] === 'tenant_id' &&
          (row.columns[1] === 'id' ||
            (row.table === 'tax_submissions' && row.columns[1] === 'document_id'))
      )
      await this.#rekey(
        client,
        narrowed.map((row) => row.table),
        async () => {
          for (const row of narrowed) {
            const column = row.columns[1]
            await client.rawQuery(`alter table ?? drop constraint ??`, [row.table, row.pkey])
            await client.rawQuery(`alter table ?? add constraint ?? primary key (??)`, [
              row.table,
              row.pkey,
              column,
            ])
            if (column === 'id') {
              await client.rawQuery(`alter table ?? add constraint ?? unique (tenant_id, id)`, [
                row.table,
                constraintName(row.table, ['tenant_id', 'id'], 'unique'),
              ])
            }
          }
        }
      )
    })
  }
}

type DeferClient = Parameters<Parameters<BaseSchema['defer']>[0]>[0]
