import { BaseSchema } from '@adonisjs/lucid/schema'
import { dropTenantRowSecurity, tenantRowSecurity } from '#tenancy/schema'

/**
 * The reports module's tenant tables get the same row-level security as
 * every other tenant table (docs/architecture.md, "Tenant isolation").
 */
const TABLES = ['document_archives', 'invoice_payments']

export default class extends BaseSchema {
  async up() {
    for (const table of TABLES) {
      for (const statement of tenantRowSecurity(table)) this.schema.raw(statement)
    }
  }

  async down() {
    for (const table of [...TABLES].reverse()) {
      for (const statement of dropTenantRowSecurity(table)) this.schema.raw(statement)
    }
  }
}
