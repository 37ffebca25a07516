import db from '@adonisjs/lucid/services/db'
import tax from '#adapters/core/services/tax'
import { withoutTenantScope } from '#tenancy/tenant_context'
import { queueQuotaRefresh } from '#certificates/quota/queue_quota_refresh'

export interface QuotaWatchReport {
  /** Companies whose reading was queued. */
  queued: number
  /** Companies that could not be queued (Redis trouble); tomorrow's run tries again. */
  failed: number
}

/**
 * The companies whose quota is read daily: those whose country's adapter
 * lists the `quota` service and that can be asked, i.e. a PAC country's
 * company with tokens for the environment it issues in. Cancelled
 * companies are left out.
 */
export async function companiesWithQuota(): Promise<number[]> {
  const countries = tax
    .all()
    .filter((authority) => authority.capabilities.services?.includes('quota'))
  if (!countries.length) return []
  const withTokens = countries
    .filter((authority) => authority.profile.credential === 'pac_tokens')
    .map((authority) => authority.country)
  const withoutTokens = countries
    .filter((authority) => authority.profile.credential !== 'pac_tokens')
    .map((authority) => authority.country)
  const rows = await withoutTenantScope(
    'the daily quota watch finds every company that can be asked for its folios',
    () =>
      db
        .from('tenants as t')
        .whereNot('t.status', 'CANCELLED')
        .where((where) => {
          where
            .where((pac) =>
              pac
                .whereIn('t.country', withTokens.length ? withTokens : [''])
                .whereExists((exists) =>
                  exists
                    .from('pac_credentials as p')
                    .whereColumn('p.tenant_id', 't.id')
                    .whereColumn('p.environment', 't.authority_environment')
                )
            )
            .orWhereIn('t.country', withoutTokens.length ? withoutTokens : [''])
        })
        .orderBy('t.id')
        .select('t.id')
  )
  return rows.map((row) => row.id as number)
}

/**
 * The daily quota watch: queues one reading per company (the same job and
 * job id as the reading after issuing, so a company never has two waiting).
 */
export async function watchQuotas(): Promise<QuotaWatchReport> {
  const report: QuotaWatchReport = { queued: 0, failed: 0 }
  for (const tenantId of await companiesWithQuota()) {
    try {
      await queueQuotaRefresh(tenantId, 0)
      report.queued++
    } catch {
      report.failed++
    }
  }
  return report
}
