import db from '@adonisjs/lucid/services/db'
import tax from '#adapters/core/services/tax'
import type { CredentialKind } from '#adapters/core/types'
import { clock } from '#core/clock'
import { periodStart } from '#billing/usage/period'
import { acrossCompanies } from '#admin/platform'

export const CREDENTIAL_STATES = ['valid', 'expiring', 'expired', 'missing'] as const
export type CredentialState = (typeof CREDENTIAL_STATES)[number]

/** Days before a certificate's end from which the console calls it "expiring". */
export const EXPIRING_DAYS = 30

/**
 * The credential each registered country asks of its companies (its
 * adapter's `profile.credential`), keyed by country code: the queries
 * below pick the credential table by it, so they never name a country.
 */
export function credentialKinds(): Record<string, CredentialKind> {
  return Object.fromEntries(
    tax.all().map((authority) => [authority.country, authority.profile.credential])
  )
}

/**
 * A company's signing credential as one word, by the credential its
 * country asks for (`:kinds`, see credentialKinds): a certificate country
 * signs with its current certificate (valid, expiring within 30 days,
 * expired), a PAC country with the tokens of the environment it issues in,
 * a country that asks for none is always valid; missing otherwise.
 */
const CREDENTIAL_STATE_SQL = `coalesce(
  case cast(:kinds as jsonb) ->> t.country
  when 'certificate' then (
    select case when c.valid_to <= :now then 'expired'
                when c.valid_to <= :horizon then 'expiring'
                else 'valid' end
      from certificates c where c.tenant_id = t.id and c.is_current)
  when 'pac_tokens' then (
    select 'valid' from pac_credentials p
     where p.tenant_id = t.id and p.environment = t.authority_environment)
  when 'none' then 'valid'
  end, 'missing')`

/** The bindings of CREDENTIAL_STATE_SQL at `now`. */
function credentialBindings(now: Date) {
  const horizon = new Date(now.getTime() + EXPIRING_DAYS * 86_400_000)
  return { now, horizon, kinds: JSON.stringify(credentialKinds()) }
}

/**
 * The first day of the current usage month per registered country (each
 * meters in its own time zone), as JSON keyed by country code.
 */
function periodStarts(now: Date) {
  return JSON.stringify(
    Object.fromEntries(tax.countries().map((country) => [country, periodStart(country, now)]))
  )
}

export interface CompanyFilters {
  q?: string
  country?: string
  plan?: string
  status?: string
  credential?: CredentialState
  page?: number
}

export interface CompanyRow {
  id: number
  tradeName: string
  legalName: string
  country: string
  taxId: string
  slug: string
  status: string
  plan: string
  credential: CredentialState
  documentsThisMonth: number
  createdAt: string
}

export const COMPANIES_PER_PAGE = 25

/** The credential state of one company (see CREDENTIAL_STATE_SQL). */
export function credentialStateOf(tenantId: number, now: Date = clock.now()) {
  return acrossCompanies('the credential state of a company the console opened', async () => {
    const row = await db
      .from('tenants as t')
      .where('t.id', tenantId)
      .select(db.raw(`${CREDENTIAL_STATE_SQL} as credential`, credentialBindings(now)))
      .first()
    return (row?.credential ?? 'missing') as CredentialState
  })
}

/** One page of companies matching the console's filters, newest first. */
export function searchCompanies(filters: CompanyFilters, now: Date = clock.now()) {
  return acrossCompanies('the console lists every company', async () => {
    const query = db
      .from('tenants as t')
      .select(
        't.id',
        't.trade_name',
        't.legal_name',
        't.country',
        't.tax_id',
        't.tax_id_dv',
        't.slug',
        't.status',
        't.plan_code',
        't.created_at',
        // The month each company's usage is metered in (its country's time zone).
        db.raw(
          `coalesce((select u.documents_issued from usage_periods u
                      where u.tenant_id = t.id
                        and u.period_start = (cast(? as jsonb) ->> t.country)::date),
                    0)::int as documents_this_month`,
          [periodStarts(now)]
        ),
        db.raw(`${CREDENTIAL_STATE_SQL} as credential`, credentialBindings(now))
      )
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id', 'desc')
    if (filters.q) {
      const like = `%${filters.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`
      query.where((where) =>
        where
          .whereILike('t.trade_name', like)
          .orWhereILike('t.legal_name', like)
          .orWhereILike('t.tax_id', like)
          .orWhereILike('t.slug', like)
      )
    }
    if (filters.country) query.where('t.country', filters.country)
    if (filters.plan) query.where('t.plan_code', filters.plan)
    if (filters.status) query.where('t.status', filters.status)
    if (filters.credential) {
      query.whereRaw(`${CREDENTIAL_STATE_SQL} = :state`, {
        ...credentialBindings(now),
        state: filters.credential,
      })
    }
    const page = await query.paginate(filters.page ?? 1, COMPANIES_PER_PAGE)
    return {
      companies: page.all().map(
        (row): CompanyRow => ({
          id: row.id,
          tradeName: row.trade_name,
          legalName: row.legal_name,
          country: row.country,
          taxId: row.tax_id_dv ? `${row.tax_id} DV ${row.tax_id_dv}` : row.tax_id,
          slug: row.slug,
          status: row.status,
          plan: row.plan_code,
          credential: row.credential,
          documentsThisMonth: row.documents_this_month,
          createdAt: new Date(row.created_at).toISOString(),
        })
      ),
      pagination: {
        currentPage: page.currentPage,
        lastPage: page.lastPage,
        total: page.total,
        perPage: page.perPage,
      },
    }
  })
}
