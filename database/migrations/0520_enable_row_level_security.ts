import { BaseSchema } from '@adonisjs/lucid/schema'
import { dropTenantRowSecurity, tenantRowSecurity } from '#tenancy/schema'

/**
 * Row-level security on every table with a `tenant_id` (docs/architecture.md,
 * "Tenant isolation"): a statement sees and writes only the rows of the
 * tenant its session names, or every row inside the platform bypass. Later
 * tenant tables call `tenantRowSecurity` in their own migration.
 */
const TABLES = [
  'memberships',
  'invitations',
  'audit_logs',
  'establishments',
  'emission_points',
  'customers',
  'products',
  'numbering_sequences',
  'member_defaults',
  'catalog_imports',
  'vault_secrets',
  'certificates',
  'pac_credentials',
  'certificate_alerts',
  'notifications',
  'documents',
  'document_lines',
  'document_taxes',
  'document_payments',
  'document_events',
  'billing_accounts',
  'usage_periods',
  'limit_alerts',
]

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
