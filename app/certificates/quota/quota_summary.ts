import type Tenant from '#tenancy/models/tenant'
import AuthorityQuota from '#certificates/models/authority_quota'
import { hasQuota } from '#certificates/quota/refresh_quota'
import { LOW_QUOTA_PERCENT, QUOTA_THRESHOLDS } from '#certificates/quota/thresholds'

/**
 * - `unknown`: never read successfully;
 * - `ok`: above 20 % left (or no total known and some left);
 * - `low`: 20 % or less; `critical`: 5 % or less; `empty`: none left.
 */
export type QuotaLevel = 'unknown' | 'ok' | 'low' | 'critical' | 'empty'

/** What the dashboard card, the credentials page and the console show of a company's folios. */
export interface QuotaDto {
  environment: string
  available: number | null
  used: number | null
  total: number | null
  /** Share left, 0–100 with one decimal, when the total is known. */
  percentLeft: number | null
  level: QuotaLevel
  periodTo: string | null
  licenceFrom: string | null
  licenceTo: string | null
  /** Last successful reading (ISO instant). */
  checkedAt: string | null
  /** The last failure, in the reader's language, when it is newer than the last good reading. */
  lastError: string | null
  lastErrorAt: string | null
}

export function quotaLevel(available: number | null, total: number | null): QuotaLevel {
  if (available === null) return 'unknown'
  if (available <= 0) return 'empty'
  if (total && total > 0) {
    if (available * 100 <= QUOTA_THRESHOLDS[1] * total) return 'critical'
    if (available * 100 <= LOW_QUOTA_PERCENT * total) return 'low'
  }
  return 'ok'
}

export function toQuotaDto(
  row: AuthorityQuota | null,
  environment: string,
  locale: string
): QuotaDto {
  const available = row?.available ?? null
  const total = row?.total ?? null
  return {
    environment,
    available,
    used: row?.used ?? null,
    total,
    percentLeft: row?.percentLeft ?? null,
    level: quotaLevel(available, total),
    periodTo: row?.periodTo?.toISODate() ?? null,
    licenceFrom: row?.licenceFrom?.toISODate() ?? null,
    licenceTo: row?.licenceTo?.toISODate() ?? null,
    checkedAt: row?.checkedAt?.toISO() ?? null,
    lastError: row?.lastError ? (locale === 'en' ? row.lastError.en : row.lastError.es) : null,
    lastErrorAt: row?.lastErrorAt?.toISO() ?? null,
  }
}

/**
 * The company's folios in the environment it issues in, or null when its
 * country counts none (no quota service in its adapter). Runs in the
 * company's tenant context.
 */
export async function quotaSummary(tenant: Tenant, locale: string): Promise<QuotaDto | null> {
  if (!hasQuota(tenant.country)) return null
  const row = await AuthorityQuota.query().where('environment', tenant.authorityEnvironment).first()
  return toQuotaDto(row, tenant.authorityEnvironment, locale)
}
