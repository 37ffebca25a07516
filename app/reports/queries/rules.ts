/*
|--------------------------------------------------------------------------
| What a report counts (docs/reports.md)
|--------------------------------------------------------------------------
|
| - Only AUTHORIZED documents: a draft, a document still on its way to the
|   authority and a rejected one have no tax effect. A voided document
|   (where the country allows voiding) is no longer AUTHORIZED either.
| - Only the environment the company is in now: documents authorized in the
|   authority's test environment have no tax validity, and a company that
|   went live must not see its trials in its production figures.
| - By issue date (fecha de emisión), the date the tax return files a sale
|   under, in the company's calendar.
| - Credit notes are subtracted: their amounts are stored positive, so each
|   sum multiplies by SIGN (-1 for a credit note).
|
*/
import { Decimal } from 'decimal.js'
import type { TaxEnvironment } from '#adapters/core/types'
import { tenantContext } from '#tenancy/tenant_context'

export const COUNTED_STATUS = 'AUTHORIZED'

/** +1 for an invoice, -1 for a credit note (SQL, on the `type` column of `table`). */
export function signOf(table: string) {
  return `(case when ${table}.type = 'credit_note' then -1 else 1 end)`
}

/** SIGN on the `documents` table. */
export const SIGN = signOf('documents')

export interface CountedScope {
  environment: TaxEnvironment
  from: string
  to: string
}

/**
 * The company whose documents a query may read. Aggregates are read with
 * `.pojo()`, and Lucid runs no fetch hook for those, so the tenant scope of
 * the models does not filter them: every report query names the company
 * itself, and throws outside a tenant context.
 */
export function whereCompany<Q extends { where: (...args: any[]) => unknown }>(
  query: Q,
  table = 'documents'
): Q {
  query.where(`${table}.tenant_id`, tenantContext.currentOrFail().id)
  return query
}

/** Restricts a query on `documents` to the company's documents a report counts. */
export function whereCounted<Q extends { where: (...args: any[]) => unknown }>(
  query: Q,
  scope: CountedScope
): Q {
  whereCompany(query)
  query.where('documents.status', COUNTED_STATUS)
  query.where('documents.environment', scope.environment)
  query.where('documents.issue_date', '>=', scope.from)
  query.where('documents.issue_date', '<=', scope.to)
  return query
}

/** A sum from PostgreSQL (numeric, as text) written with two decimals ("0" → "0.00"). */
export function money(value: unknown): string {
  if (value === null || value === undefined || value === '') return '0.00'
  return new Decimal(String(value)).toFixed(2)
}

/**
 * The same rules on a day roll-up (`document_day_totals`,
 * `document_day_taxes`): the company, its environment and the issue dates
 * of the scope. `document_day_taxes` holds AUTHORIZED documents only;
 * `document_day_totals` holds every status, so `counted` adds the status.
 */
export function whereCountedDays<Q extends { where: (...args: any[]) => unknown }>(
  query: Q,
  scope: CountedScope,
  table: string,
  counted: boolean
): Q {
  whereCompany(query, table)
  if (counted) query.where(`${table}.status`, COUNTED_STATUS)
  query.where(`${table}.environment`, scope.environment)
  query.where(`${table}.issue_date`, '>=', scope.from)
  query.where(`${table}.issue_date`, '<=', scope.to)
  return query
}
