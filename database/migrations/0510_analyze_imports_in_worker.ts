import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * An uploaded CSV is read by the worker, not by the web request: a new
 * import starts `analyzing`, and the worker stores what the preview page
 * shows (the first rows) with the headers and the guessed mapping.
 */
export default class extends BaseSchema {
  protected tableName = 'catalog_imports'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      // The first rows of the file as { line, cells }, for the mapping preview.
      table.jsonb('preview').notNullable().defaultTo('[]')
    })
    this.schema.raw(`
      alter table catalog_imports
        drop constraint catalog_imports_status_check,
        add constraint catalog_imports_status_check check (status in
          ('analyzing', 'uploaded', 'queued', 'validating', 'importing', 'completed', 'failed'))
    `)
  }

  async down() {
    // Row-level security binds the owner too: a data change names the bypass.
    this.schema.raw(`
      set local app.bypass_rls = 'on';
      update catalog_imports set status = 'failed' where status = 'analyzing';
      alter table catalog_imports
        drop constraint catalog_imports_status_check,
        add constraint catalog_imports_status_check
          check (status in ('uploaded', 'queued', 'validating', 'importing', 'completed', 'failed'))
    `)
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('preview')
    })
  }
}
