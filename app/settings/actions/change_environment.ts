import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import Tenant, { type AuthorityEnvironment } from '#tenancy/models/tenant'
import Document from '#documents/models/document'
import { audit } from '#accounts/audit/audit_service'
import { AccountsException } from '#accounts/errors'
import { productionChecks } from '#settings/production_readiness'

/**
 * Switches the company between the authority's test environment and
 * production, audited with before/after.
 *
 * To production: only when every rule of the country's pre-flight passes,
 * judged again here (the page may be old). Numbering is kept per
 * environment (numbering_sequences has the environment in its key), so the
 * first production invoice takes the production sequence of its point.
 *
 * Back to test: only while no production document exists. Once one does,
 * the company is a production issuer for the authority, and test documents
 * mixed among its legal ones would be a trap.
 *
 * The company's row is locked for the switch, so a second request (or a
 * production document being created) waits instead of racing past the check.
 */
export default class ChangeEnvironment {
  async handle(ctx: HttpContext, tenant: Tenant, target: AuthorityEnvironment) {
    if (target === 'production') {
      const checks = await productionChecks(tenant)
      const failed = checks.filter((check) => !check.ok)
      if (failed.length > 0) {
        throw new AccountsException('settings.production.not_ready', { count: failed.length })
      }
    }
    await db.transaction(async (trx) => {
      const row = await Tenant.query({ client: trx })
        .where('id', tenant.id)
        .forUpdate()
        .firstOrFail()
      const before = row.authorityEnvironment
      if (before === target) return
      if (target === 'test') {
        const issued = await Document.query({ client: trx })
          .where('environment', 'production')
          .first()
        if (issued) throw new AccountsException('settings.production.has_production_documents')
      }
      row.authorityEnvironment = target
      await row.save()
      await audit.record(ctx, 'tenant.environment_changed', {
        entity: 'tenant',
        entityId: tenant.id,
        before: { authorityEnvironment: before },
        after: { authorityEnvironment: target },
        client: trx,
      })
    })
    tenant.authorityEnvironment = target
  }
}
