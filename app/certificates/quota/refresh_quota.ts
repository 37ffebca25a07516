import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { DateTime } from 'luxon'
import tax from '#adapters/core/services/tax'
import { TaxError } from '#adapters/core/errors'
import type { LocalizedText, QuotaResult } from '#adapters/core/types'
import type Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import AuthorityQuota from '#certificates/models/authority_quota'
import { issuerContextFor } from '#certificates/issuer_context'
import { sendQuotaAlert } from '#certificates/quota/quota_alerts'
import { clock } from '#certificates/clock'

/**
 * - `unsupported`: the company's adapter has no quota service (nothing stored);
 * - `no_credentials`: no PAC tokens for the environment it issues in (nothing stored);
 * - `ok`: the reading is stored (and its alert sent, if one was due);
 * - `rejected` / `failed`: the authority refused or could not be asked; the
 *   failure is stored beside the last good figures, which stay.
 */
export type QuotaRefreshOutcome = 'unsupported' | 'no_credentials' | 'ok' | 'rejected' | 'failed'

export interface QuotaRefresh {
  outcome: QuotaRefreshOutcome
  /** The alert sent by this reading (20, 5 or 0), if any. */
  alert: number | null
}

/** Whether the company's country counts a quota (its adapter lists the `quota` service). */
export function hasQuota(country: string) {
  return tax.has(country) && Boolean(tax.use(country).capabilities.services?.includes('quota'))
}

const UNEXPECTED: LocalizedText = {
  es: 'No se pudo consultar el saldo de folios por un error inesperado; se intentará de nuevo.',
  en: 'The folio balance could not be read because of an unexpected error; it will be tried again.',
}

/**
 * Asks the company's authority (its PAC) how many documents it has left
 * in the environment it issues in, and stores the reading. Never throws:
 * it runs after issuing and in the daily job, where a PAC outage must not
 * disturb anything else; failures are stored and logged.
 */
export async function refreshQuota(tenant: Tenant, now: Date = clock.now()): Promise<QuotaRefresh> {
  if (!hasQuota(tenant.country)) return { outcome: 'unsupported', alert: null }
  return tenantContext.run(tenant, async () => {
    const environment = tenant.authorityEnvironment
    let result: QuotaResult
    try {
      const issuer = await issuerContextFor(tenant)
      const authority = tax.use(tenant.country)
      if (authority.profile.credential === 'pac_tokens' && !issuer.credentials.tokens) {
        return { outcome: 'no_credentials' as const, alert: null }
      }
      result = await authority.quota(issuer)
    } catch (error) {
      const known = error instanceof TaxError
      // Identifiers only: the error's cause may hold the request, tokens included.
      logger.warn(
        { tenantId: tenant.id, code: known ? (error as TaxError).code : undefined },
        'quota reading failed'
      )
      await recordFailure(tenant, now, known ? (error as TaxError).messages : UNEXPECTED)
      return { outcome: 'failed' as const, alert: null }
    }

    if (result.status !== 'ok') {
      const refusal = result.messages.find((message) => message.severity === 'error')
      const text = refusal
        ? `${refusal.code} ${refusal.text}`.trim()
        : result.raw.slice(0, 200) || 'rejected'
      await recordFailure(tenant, now, { es: text, en: text })
      return { outcome: 'rejected' as const, alert: null }
    }

    await recordReading(tenant, now, result)
    const alert = await sendQuotaAlert(tenant, environment, now)
    return { outcome: 'ok' as const, alert }
  })
}

function date(value: string | undefined) {
  return value ? DateTime.fromISO(value, { zone: 'UTC' }).toISODate() : null
}

/** Upserts the figures of a good reading; the alerts already sent stay as they were. */
async function recordReading(tenant: Tenant, now: Date, result: QuotaResult) {
  const figures = {
    available: result.available ?? null,
    used: result.used ?? null,
    total: result.total ?? null,
    period_from: date(result.period?.from),
    period_to: date(result.period?.to),
    licence_code: result.licence?.code?.slice(0, 100) ?? null,
    licence_total: result.licence?.total ?? null,
    licence_from: date(result.licence?.from),
    licence_to: date(result.licence?.to),
    checked_at: now,
    attempted_at: now,
    last_error: null,
    last_error_at: null,
    updated_at: now,
  }
  await upsert(tenant, now, figures)
}

/** Stores a failure; the last good figures (and `checked_at`) stay. */
async function recordFailure(tenant: Tenant, now: Date, message: LocalizedText) {
  const failure = {
    attempted_at: now,
    last_error: JSON.stringify({ es: message.es, en: message.en }),
    last_error_at: now,
    updated_at: now,
  }
  try {
    await upsert(tenant, now, failure)
  } catch (error) {
    logger.error({ tenantId: tenant.id, err: (error as Error).message }, 'quota failure not stored')
  }
}

/**
 * Inserts the company's row for its environment or updates the given
 * columns of the existing one, in one statement (two readings at once
 * cannot create two rows).
 */
async function upsert(tenant: Tenant, now: Date, values: Record<string, unknown>) {
  const columns = Object.keys(values)
  await db.rawQuery(
    `insert into ${AuthorityQuota.table} (tenant_id, environment, created_at, ${columns.join(', ')})
     values (?, ?, ?, ${columns.map(() => '?').join(', ')})
     on conflict (tenant_id, environment) do update set
       ${columns.map((column) => `${column} = excluded.${column}`).join(', ')}`,
    [tenant.id, tenant.authorityEnvironment, now, ...columns.map((column) => values[column])]
  )
}
