import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Drafts leave the roll-ups (migration 0720_create_document_rollups).
 *
 * An invoice created and issued in one request is inserted as a DRAFT and
 * updated to ISSUED in the same transaction, so counting drafts cost every
 * issue two extra upserts of `document_day_totals` (+1 DRAFT at the insert,
 * -1 DRAFT at the update) and, worse, took that row's lock at the insert:
 * every issue of a company on one day and emission point then waited for the
 * previous one's whole transaction, not only for its numbering. Measured on
 * the issue endpoint in docs/performance.md. Drafts are not sales and are
 * never summed by day; the dashboard counts them from `documents` (an
 * index on tenant_id, status).
 *
 * The function the triggers call keeps its name and now drops drafts
 * before applying the rows; the body that applies them is the one 0720
 * wrote, renamed. The DRAFT rows already rolled up are removed.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      alter function facturo_rollup_documents(documents[], integer)
        rename to facturo_rollup_counted_documents
    `)
    this.schema.raw(`
      create function facturo_rollup_documents(rows documents[], direction integer)
      returns void language plpgsql as $$
      declare
        counted documents[] := array(select r from unnest(rows) r where r.status <> 'DRAFT');
      begin
        if cardinality(counted) > 0 then
          perform facturo_rollup_counted_documents(counted, direction);
        end if;
      end
      $$
    `)
    this.schema.raw(`
      do $$ begin
        perform set_config('app.bypass_rls', 'on', true);
        delete from document_day_totals where status = 'DRAFT';
      end $$
    `)
  }

  async down() {
    this.schema.raw(`drop function facturo_rollup_documents(documents[], integer)`)
    this.schema.raw(`
      alter function facturo_rollup_counted_documents(documents[], integer)
        rename to facturo_rollup_documents
    `)
    this.schema.raw(`
      do $$ begin
        perform set_config('app.bypass_rls', 'on', true);
        insert into document_day_totals
               (tenant_id, environment, issue_date, type, status, is_demo, establishment_id,
                emission_point_id, documents, subtotal, tax_total, total)
        select tenant_id, environment, issue_date, type, status, is_demo, establishment_id,
               emission_point_id, count(*), coalesce(sum(subtotal), 0),
               coalesce(sum(tax_total), 0), coalesce(sum(total), 0)
          from documents
         where status = 'DRAFT'
         group by 1, 2, 3, 4, 5, 6, 7, 8;
      end $$
    `)
  }
}
