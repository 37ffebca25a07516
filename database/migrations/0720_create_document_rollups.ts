import { BaseSchema } from '@adonisjs/lucid/schema'
import { dropTenantRowSecurity, tenantRowSecurity, tenantTable } from '#tenancy/schema'

/**
 * Roll-ups of the documents table, kept by PostgreSQL itself so the
 * dashboard, the period report and the platform console read a few
 * hundred summed rows instead of every document (docs/reports.md,
 * "Roll-ups"):
 *
 * - `document_day_totals`: per company, environment, issue date, type,
 *   status, demo flag and emission point: how many documents and their
 *   subtotal, tax and total (every status, so the status mix reads it too);
 * - `document_day_taxes`: per company, environment, issue date, type and
 *   tax (category, authority codes, rate): base and tax of AUTHORIZED
 *   documents;
 * - `document_month_customers`, `document_month_products`: per company,
 *   environment, month and type, the AUTHORIZED sales per buyer
 *   identification and per product code;
 * - `authorization_latency_days`: a platform table (no company rows, only
 *   counts per country): per UTC day of authorization and country, how many
 *   documents took each time from signature to authorization, rounded to
 *   two significant digits, for the console's percentiles.
 *
 * Triggers on `documents`, `document_taxes` and `document_lines` apply
 * every change as a signed delta (+1 for the new row, -1 for the old one)
 * in the statement that writes the document, so a roll-up commits or rolls
 * back with it and never needs a job, a listener or a refresh. Deltas are
 * upserts (`on conflict … do update set x = x + delta`): concurrent writers
 * of one roll-up row queue on its row lock and add up in any order. A
 * child row (tax, line) and its document may be written by two
 * transactions at once; the child's trigger takes a share lock on the
 * document first, so whichever commits second sees the other's rows and
 * each amount is counted exactly once.
 *
 * Inserts and deletes, and updates of taxes and lines, use statement
 * triggers with transition tables: a bulk change costs one grouped upsert
 * per roll-up row, not one per document (many updates of one row inside one
 * transaction would each walk the row's earlier versions), and a document
 * counts once per product code however many of its lines one statement
 * changes (a row trigger runs after the whole statement and would see its
 * sibling rows already changed). Updates of documents use row triggers
 * guarded by a WHEN clause on the columns the roll-ups read, so
 * bookkeeping updates (attempt counters, e-mail status) cost nothing. Deleting a document
 * cascades to its taxes and lines after the document is gone, so a BEFORE
 * trigger first notes an AUTHORIZED document's date, type and environment
 * in `document_rollup_removals`, where the taxes' and lines' triggers find
 * them; a deferred trigger clears the note at commit, so the table is
 * empty outside a deleting transaction. Deleting a company deletes its
 * roll-ups by cascade, so the triggers skip the documents of a company
 * that is gone. TRUNCATE is not followed: truncate the roll-ups with the
 * documents.
 */
const COMPANY_TABLES = [
  'document_day_totals',
  'document_day_taxes',
  'document_month_customers',
  'document_month_products',
  'document_rollup_removals',
]

const DAY_TOTALS_KEY =
  'tenant_id, environment, issue_date, type, status, is_demo, establishment_id, emission_point_id'
const DAY_TAXES_KEY =
  'tenant_id, environment, issue_date, type, category, authority_code, authority_rate_code, rate'
const CUSTOMERS_KEY = 'tenant_id, environment, month, type, identification'
const PRODUCTS_KEY = 'tenant_id, environment, month, type, code'

/** Where an upsert reads documents (\`d\`) and the sign it applies. */
interface Source {
  from: string
  sign: string
}

const dayTotalsUpsert = ({ from, sign }: Source) => `
  insert into document_day_totals as t (${DAY_TOTALS_KEY}, documents, subtotal, tax_total, total)
  select d.tenant_id, d.environment, d.issue_date, d.type, d.status, d.is_demo,
         d.establishment_id, d.emission_point_id,
         ${sign} * count(*), ${sign} * sum(d.subtotal), ${sign} * sum(d.tax_total), ${sign} * sum(d.total)
    from ${from}
   group by 1, 2, 3, 4, 5, 6, 7, 8
  on conflict (${DAY_TOTALS_KEY}) do update
     set documents = t.documents + excluded.documents,
         subtotal = t.subtotal + excluded.subtotal,
         tax_total = t.tax_total + excluded.tax_total,
         total = t.total + excluded.total`

const dayTaxesUpsert = ({ from, sign }: Source) => `
  insert into document_day_taxes as t (${DAY_TAXES_KEY}, rows, base, amount)
  select d.tenant_id, d.environment, d.issue_date, d.type, x.category, x.authority_code,
         x.authority_rate_code, x.rate,
         ${sign} * count(*), ${sign} * sum(x.base), ${sign} * sum(x.amount)
    from ${from}
    join document_taxes x on x.tenant_id = d.tenant_id and x.document_id = d.id
   where d.status = 'AUTHORIZED'
   group by 1, 2, 3, 4, 5, 6, 7, 8
  on conflict (${DAY_TAXES_KEY}) do update
     set rows = t.rows + excluded.rows,
         base = t.base + excluded.base,
         amount = t.amount + excluded.amount`

const customersUpsert = ({ from, sign }: Source) => `
  insert into document_month_customers as t
         (${CUSTOMERS_KEY}, name, documents, subtotal, tax_total, total)
  select d.tenant_id, d.environment, date_trunc('month', d.issue_date)::date, d.type,
         coalesce(d.buyer->>'identification', ''), max(d.buyer->>'name'),
         ${sign} * count(*), ${sign} * sum(d.subtotal), ${sign} * sum(d.tax_total), ${sign} * sum(d.total)
    from ${from}
   where d.status = 'AUTHORIZED'
   group by 1, 2, 3, 4, 5
  on conflict (${CUSTOMERS_KEY}) do update
     set name = greatest(t.name, excluded.name),
         documents = t.documents + excluded.documents,
         subtotal = t.subtotal + excluded.subtotal,
         tax_total = t.tax_total + excluded.tax_total,
         total = t.total + excluded.total`

const productsUpsert = ({ from, sign }: Source) => `
  insert into document_month_products as t (${PRODUCTS_KEY}, description, documents, subtotal)
  select d.tenant_id, d.environment, date_trunc('month', d.issue_date)::date, d.type, l.code,
         max(l.description), ${sign} * count(distinct d.id), ${sign} * sum(l.subtotal)
    from ${from}
    join document_lines l on l.tenant_id = d.tenant_id and l.document_id = d.id
   where d.status = 'AUTHORIZED'
   group by 1, 2, 3, 4, 5
  on conflict (${PRODUCTS_KEY}) do update
     set description = greatest(t.description, excluded.description),
         documents = t.documents + excluded.documents,
         subtotal = t.subtotal + excluded.subtotal`

const latencyUpsert = ({ from, sign }: Source) => `
  insert into authorization_latency_days as t (day, country, seconds, documents)
  select (d.authorized_at at time zone 'UTC')::date, c.country,
         facturo_latency_bucket(extract(epoch from d.authorized_at - d.signed_at)),
         ${sign} * count(*)
    from ${from}
    join tenants c on c.id = d.tenant_id
   where d.authorized_at is not null and d.signed_at is not null and not d.is_demo
   group by 1, 2, 3
  on conflict (day, country, seconds) do update
     set documents = t.documents + excluded.documents`

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('document_day_totals', (table) => {
      table.bigIncrements('id').notNullable()
      tenantTable(table)
      table.string('environment', 12).notNullable()
      table.date('issue_date').notNullable()
      table.string('type', 20).notNullable()
      table.string('status', 20).notNullable()
      table.boolean('is_demo').notNullable()
      table.integer('establishment_id').notNullable()
      table.integer('emission_point_id').notNullable()
      table.integer('documents').notNullable().defaultTo(0)
      table.decimal('subtotal', 18, 2).notNullable().defaultTo(0)
      table.decimal('tax_total', 18, 2).notNullable().defaultTo(0)
      table.decimal('total', 18, 2).notNullable().defaultTo(0)
      table.unique(DAY_TOTALS_KEY.split(', '), { indexName: 'document_day_totals_key' })
    })
    // The console's window across companies (a platform index, by day
    // only), covering what it sums so the window is read from the index.
    this.schema.raw(`
      create index document_day_totals_issue_date_platform on document_day_totals (issue_date)
        include (tenant_id, status, is_demo, documents)
    `)

    this.schema.createTable('document_day_taxes', (table) => {
      table.bigIncrements('id').notNullable()
      tenantTable(table)
      table.string('environment', 12).notNullable()
      table.date('issue_date').notNullable()
      table.string('type', 20).notNullable()
      table.string('category', 30).notNullable()
      table.string('authority_code', 5).notNullable()
      table.string('authority_rate_code', 5).notNullable()
      table.decimal('rate', 7, 2).notNullable()
      table.integer('rows').notNullable().defaultTo(0)
      table.decimal('base', 18, 2).notNullable().defaultTo(0)
      table.decimal('amount', 18, 2).notNullable().defaultTo(0)
      table.unique(DAY_TAXES_KEY.split(', '), { indexName: 'document_day_taxes_key' })
    })

    this.schema.createTable('document_month_customers', (table) => {
      table.bigIncrements('id').notNullable()
      tenantTable(table)
      table.string('environment', 12).notNullable()
      table.date('month').notNullable()
      table.string('type', 20).notNullable()
      // The buyer as written on the documents ('' when a document has none).
      table.text('identification').notNullable()
      table.text('name').nullable()
      table.integer('documents').notNullable().defaultTo(0)
      table.decimal('subtotal', 18, 2).notNullable().defaultTo(0)
      table.decimal('tax_total', 18, 2).notNullable().defaultTo(0)
      table.decimal('total', 18, 2).notNullable().defaultTo(0)
      table.unique(CUSTOMERS_KEY.split(', '), { indexName: 'document_month_customers_key' })
    })

    this.schema.createTable('document_month_products', (table) => {
      table.bigIncrements('id').notNullable()
      tenantTable(table)
      table.string('environment', 12).notNullable()
      table.date('month').notNullable()
      table.string('type', 20).notNullable()
      table.string('code', 25).notNullable()
      table.string('description', 300).nullable()
      // Documents with at least one line of this code.
      table.integer('documents').notNullable().defaultTo(0)
      table.decimal('subtotal', 18, 2).notNullable().defaultTo(0)
      table.unique(PRODUCTS_KEY.split(', '), { indexName: 'document_month_products_key' })
    })

    this.schema.createTable('document_rollup_removals', (table) => {
      table
        .integer('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.integer('document_id').notNullable()
      table.string('environment', 12).notNullable()
      table.date('issue_date').notNullable()
      table.string('type', 20).notNullable()
      table.string('status', 20).notNullable()
      table.primary(['tenant_id', 'document_id'])
    })

    this.schema.createTable('authorization_latency_days', (table) => {
      table.date('day').notNullable()
      table.string('country', 2).notNullable()
      table.decimal('seconds', 14, 2).notNullable()
      table.integer('documents').notNullable().defaultTo(0)
    })
    this.schema.raw(`
      alter table authorization_latency_days
        add primary key (day, country, seconds) include (documents)
    `)

    for (const name of COMPANY_TABLES) {
      for (const statement of tenantRowSecurity(name)) this.schema.raw(statement)
    }

    // Two significant digits: 0.01 s under a second, 0.1 s under 10 s, 1 s
    // under 100 s, 10 s under 1,000 s … (relative error under 5 %).
    this.schema.raw(`
      create function facturo_latency_bucket(seconds double precision) returns numeric
      language sql immutable parallel safe as $$
        select round(seconds::numeric, (1 - floor(log(greatest(abs(seconds), 0.01))))::int)
      $$
    `)

    // Applies documents to every roll-up with the sign of \`direction\`.
    const rows = { from: 'unnest(rows) d', sign: 'direction' }
    this.schema.raw(`
      create function facturo_rollup_documents(rows documents[], direction integer)
      returns void language plpgsql as $$
      begin
        ${dayTotalsUpsert(rows)};
        if exists (select 1 from unnest(rows) d where d.status = 'AUTHORIZED') then
          ${dayTaxesUpsert(rows)};
          ${customersUpsert(rows)};
          ${productsUpsert(rows)};
        end if;
        if exists (select 1 from unnest(rows) d where d.authorized_at is not null) then
          ${latencyUpsert(rows)};
        end if;
      end
      $$
    `)

    this.schema.raw(`
      create function facturo_rollup_documents_inserted() returns trigger language plpgsql as $$
      begin
        perform facturo_rollup_documents(array(select n::documents from inserted n), 1);
        return null;
      end
      $$
    `)
    this.schema.raw(`
      create function facturo_rollup_document_updated() returns trigger language plpgsql as $$
      begin
        perform facturo_rollup_documents(array[old], -1);
        perform facturo_rollup_documents(array[new], 1);
        return null;
      end
      $$
    `)
    this.schema.raw(`
      create function facturo_rollup_document_removing() returns trigger language plpgsql as $$
      begin
        -- A company being deleted takes its roll-ups with it: nothing to note.
        if not exists (select 1 from tenants where id = old.tenant_id) then
          return old;
        end if;
        insert into document_rollup_removals
               (tenant_id, document_id, environment, issue_date, type, status)
        values (old.tenant_id, old.id, old.environment, old.issue_date, old.type, old.status)
        on conflict (tenant_id, document_id) do update
           set environment = excluded.environment, issue_date = excluded.issue_date,
               type = excluded.type, status = excluded.status;
        return old;
      end
      $$
    `)
    // The note is read by the cascade, which runs after the documents'
    // statement trigger: it is cleared when the transaction commits.
    this.schema.raw(`
      create function facturo_rollup_document_removed() returns trigger language plpgsql as $$
      begin
        delete from document_rollup_removals
         where tenant_id = old.tenant_id and document_id = old.id;
        return null;
      end
      $$
    `)
    // The taxes and lines are gone by now (their own triggers ran), so
    // only the document's own figures are taken away here.
    this.schema.raw(`
      create function facturo_rollup_documents_removed() returns trigger language plpgsql as $$
      begin
        perform facturo_rollup_documents(array(
          select r::documents from removed r
           where exists (select 1 from tenants t where t.id = r.tenant_id)), -1);
        return null;
      end
      $$
    `)
    this.schema.raw(`
      create trigger documents_rollup_insert after insert on documents
        referencing new table as inserted
        for each statement execute function facturo_rollup_documents_inserted()
    `)
    this.schema.raw(`
      create trigger documents_rollup_update after update on documents
        for each row
        when (old.status is distinct from new.status
           or old.issue_date is distinct from new.issue_date
           or old.environment is distinct from new.environment
           or old.type is distinct from new.type
           or old.is_demo is distinct from new.is_demo
           or old.establishment_id is distinct from new.establishment_id
           or old.emission_point_id is distinct from new.emission_point_id
           or old.subtotal is distinct from new.subtotal
           or old.tax_total is distinct from new.tax_total
           or old.total is distinct from new.total
           or old.buyer is distinct from new.buyer
           or old.signed_at is distinct from new.signed_at
           or old.authorized_at is distinct from new.authorized_at)
        execute function facturo_rollup_document_updated()
    `)
    this.schema.raw(`
      create trigger documents_rollup_removing before delete on documents
        for each row when (old.status = 'AUTHORIZED')
        execute function facturo_rollup_document_removing()
    `)
    this.schema.raw(`
      create constraint trigger documents_rollup_removed after delete on documents
        deferrable initially deferred
        for each row when (old.status = 'AUTHORIZED')
        execute function facturo_rollup_document_removed()
    `)
    this.schema.raw(`
      create trigger documents_rollup_delete after delete on documents
        referencing old table as removed
        for each statement execute function facturo_rollup_documents_removed()
    `)

    // The documents whose taxes or lines change, as they are or, while
    // being deleted, as noted just before (see the header).
    const parents = (children: string, alias: string) => `(
          select d.tenant_id, d.id, d.environment, d.issue_date, d.type, d.status
            from documents d
           where (d.tenant_id, d.id) in (select ${alias}.tenant_id, ${alias}.document_id from unnest(${children}) ${alias})
          union all
          select n.tenant_id, n.document_id, n.environment, n.issue_date, n.type, n.status
            from document_rollup_removals n
           where (n.tenant_id, n.document_id) in (select ${alias}.tenant_id, ${alias}.document_id from unnest(${children}) ${alias})
             and not exists (select 1 from documents again
                              where again.tenant_id = n.tenant_id and again.id = n.document_id)
        )`

    // A tax row of an AUTHORIZED document, with the sign of \`direction\`.
    // The share lock on the document orders this with a concurrent change
    // of its status (see the header).
    this.schema.raw(`
      create function facturo_rollup_taxes(taxes document_taxes[], direction integer)
      returns void language plpgsql as $$
      begin
        perform 1 from documents d
         where (d.tenant_id, d.id) in (select x.tenant_id, x.document_id from unnest(taxes) x)
           for share;
        insert into document_day_taxes as t (${DAY_TAXES_KEY}, rows, base, amount)
        select d.tenant_id, d.environment, d.issue_date, d.type, x.category, x.authority_code,
               x.authority_rate_code, x.rate,
               direction * count(*), direction * sum(x.base), direction * sum(x.amount)
          from unnest(taxes) x
          join ${parents('taxes', 'p')} d on d.tenant_id = x.tenant_id and d.id = x.document_id
         where d.status = 'AUTHORIZED'
         group by 1, 2, 3, 4, 5, 6, 7, 8
        on conflict (${DAY_TAXES_KEY}) do update
           set rows = t.rows + excluded.rows,
               base = t.base + excluded.base,
               amount = t.amount + excluded.amount;
      end
      $$
    `)

    // Lines of AUTHORIZED documents. A document counts once per product
    // code: it is added when its first line of a code arrives and taken
    // away when its last one leaves (\`others\` are the document's lines of
    // that code outside this change).
    this.schema.raw(`
      create function facturo_rollup_lines(lines document_lines[], direction integer)
      returns void language plpgsql as $$
      begin
        perform 1 from documents d
         where (d.tenant_id, d.id) in (select l.tenant_id, l.document_id from unnest(lines) l)
           for share;
        insert into document_month_products as t (${PRODUCTS_KEY}, description, documents, subtotal)
        select c.tenant_id, c.environment, c.month, c.type, c.code, max(c.description),
               direction * count(*) filter (where not c.others), direction * sum(c.subtotal)
          from (select d.tenant_id, d.environment, date_trunc('month', d.issue_date)::date as month,
                       d.type, l.code, d.id, max(l.description) as description,
                       sum(l.subtotal) as subtotal,
                       exists (select 1 from document_lines o
                                where o.tenant_id = d.tenant_id and o.document_id = d.id
                                  and o.code = l.code
                                  and not o.id in (select changed.id from unnest(lines) changed)) as others
                  from unnest(lines) l
                  join ${parents('lines', 'p')} d on d.tenant_id = l.tenant_id and d.id = l.document_id
                 where d.status = 'AUTHORIZED'
                 group by d.tenant_id, d.environment, d.issue_date, d.type, l.code, d.id) c
         group by 1, 2, 3, 4, 5
        on conflict (${PRODUCTS_KEY}) do update
           set description = greatest(t.description, excluded.description),
               documents = t.documents + excluded.documents,
               subtotal = t.subtotal + excluded.subtotal;
      end
      $$
    `)

    for (const [table, apply] of [
      ['document_taxes', 'facturo_rollup_taxes'],
      ['document_lines', 'facturo_rollup_lines'],
    ]) {
      this.schema.raw(`
        create function ${apply}_inserted() returns trigger language plpgsql as $$
        begin
          perform ${apply}(array(select n::${table} from inserted n), 1);
          return null;
        end
        $$
      `)
      this.schema.raw(`
        create function ${apply}_removed() returns trigger language plpgsql as $$
        begin
          perform ${apply}(array(
            select r::${table} from removed r
             where exists (select 1 from tenants t where t.id = r.tenant_id)), -1);
          return null;
        end
        $$
      `)
      this.schema.raw(`
        create function ${apply}_updated() returns trigger language plpgsql as $$
        begin
          perform ${apply}(array(select b::${table} from before_change b), -1);
          perform ${apply}(array(select a::${table} from after_change a), 1);
          return null;
        end
        $$
      `)
      this.schema.raw(`
        create trigger ${table}_rollup_insert after insert on ${table}
          referencing new table as inserted
          for each statement execute function ${apply}_inserted()
      `)
      this.schema.raw(`
        create trigger ${table}_rollup_delete after delete on ${table}
          referencing old table as removed
          for each statement execute function ${apply}_removed()
      `)
      this.schema.raw(`
        create trigger ${table}_rollup_update after update on ${table}
          referencing old table as before_change new table as after_change
          for each statement execute function ${apply}_updated()
      `)
    }

    // The documents written before these tables existed: the same
    // statements over the whole table, one grouped pass each. Row-level
    // security binds the owner too: the backfill reads every company,
    // inside this migration's transaction only.
    this.defer(async (db) => {
      await db.rawQuery(`select set_config('app.bypass_rls', 'on', true)`)
      const all = { from: 'documents d', sign: '1' }
      for (const upsert of [
        dayTotalsUpsert,
        dayTaxesUpsert,
        customersUpsert,
        productsUpsert,
        latencyUpsert,
      ]) {
        await db.rawQuery(upsert(all))
      }
    })
  }

  async down() {
    for (const table of ['document_lines', 'document_taxes', 'documents']) {
      for (const trigger of ['insert', 'update', 'delete', 'removing', 'removed']) {
        this.schema.raw(`drop trigger if exists ${table}_rollup_${trigger} on ${table}`)
      }
    }
    for (const name of [
      'facturo_rollup_lines_updated()',
      'facturo_rollup_lines_removed()',
      'facturo_rollup_lines_inserted()',
      'facturo_rollup_lines(document_lines[], integer)',
      'facturo_rollup_taxes_updated()',
      'facturo_rollup_taxes_removed()',
      'facturo_rollup_taxes_inserted()',
      'facturo_rollup_taxes(document_taxes[], integer)',
      'facturo_rollup_documents_removed()',
      'facturo_rollup_document_removed()',
      'facturo_rollup_document_removing()',
      'facturo_rollup_document_updated()',
      'facturo_rollup_documents_inserted()',
      'facturo_rollup_documents(documents[], integer)',
      'facturo_latency_bucket(double precision)',
    ]) {
      this.schema.raw(`drop function if exists ${name}`)
    }
    for (const name of [...COMPANY_TABLES].reverse()) {
      for (const statement of dropTenantRowSecurity(name)) this.schema.raw(statement)
    }
    this.schema.dropTable('authorization_latency_days')
    for (const name of [...COMPANY_TABLES].reverse()) this.schema.dropTable(name)
  }
}
