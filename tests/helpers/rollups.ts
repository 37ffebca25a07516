/*
 * The roll-ups PostgreSQL keeps of the documents (migration
 * 0720_create_document_rollups) compared with the same sums computed from
 * the documents themselves: every roll-up row that is not zero must be a
 * row of the live sums and the other way round. Drafts are not rolled up
 * (migration 0850_rollups_leave_out_drafts).
 */
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'

const PAIRS: Record<string, { live: string; rolled: string }> = {
  day_totals: {
    live: `select environment, issue_date::text, type, status, is_demo, establishment_id,
                  emission_point_id, count(*)::int as documents, sum(subtotal)::text as subtotal,
                  sum(tax_total)::text as tax_total, sum(total)::text as total
             from documents where tenant_id = :tenant and status <> 'DRAFT'
            group by 1, 2, 3, 4, 5, 6, 7`,
    rolled: `select environment, issue_date::text, type, status, is_demo, establishment_id,
                    emission_point_id, documents, subtotal::text, tax_total::text, total::text
               from document_day_totals where tenant_id = :tenant and documents <> 0`,
  },
  day_taxes: {
    live: `select d.environment, d.issue_date::text, d.type, x.category, x.authority_code,
                  x.authority_rate_code, x.rate::text, count(*)::int as rows,
                  sum(x.base)::text as base, sum(x.amount)::text as amount
             from documents d join document_taxes x
               on x.tenant_id = d.tenant_id and x.document_id = d.id
            where d.tenant_id = :tenant and d.status = 'AUTHORIZED'
            group by 1, 2, 3, 4, 5, 6, 7`,
    rolled: `select environment, issue_date::text, type, category, authority_code,
                    authority_rate_code, rate::text, rows, base::text, amount::text
               from document_day_taxes where tenant_id = :tenant and rows <> 0`,
  },
  month_customers: {
    live: `select environment, date_trunc('month', issue_date)::date::text as month, type,
                  coalesce(buyer->>'identification', '') as identification,
                  count(*)::int as documents, sum(subtotal)::text as subtotal,
                  sum(tax_total)::text as tax_total, sum(total)::text as total
             from documents where tenant_id = :tenant and status = 'AUTHORIZED'
            group by 1, 2, 3, 4`,
    rolled: `select environment, month::text, type, identification, documents, subtotal::text,
                    tax_total::text, total::text
               from document_month_customers where tenant_id = :tenant and documents <> 0`,
  },
  month_products: {
    live: `select d.environment, date_trunc('month', d.issue_date)::date::text as month, d.type,
                  l.code, count(distinct d.id)::int as documents, sum(l.subtotal)::text as subtotal
             from documents d join document_lines l
               on l.tenant_id = d.tenant_id and l.document_id = d.id
            where d.tenant_id = :tenant and d.status = 'AUTHORIZED'
            group by 1, 2, 3, 4`,
    rolled: `select environment, month::text, type, code, documents, subtotal::text
               from document_month_products where tenant_id = :tenant and documents <> 0`,
  },
}

const sortRows = (rows: Record<string, unknown>[]) =>
  rows.map((row) => JSON.stringify(Object.values(row))).sort()

/** For each roll-up of the company: [rows summed live, rows rolled up], as sorted JSON. */
export function rollupsAndDocuments(tenant: Tenant) {
  return tenantContext.run(tenant, async () => {
    const result: Record<string, [string[], string[]]> = {}
    for (const [name, pair] of Object.entries(PAIRS)) {
      const live = await db.rawQuery(pair.live, { tenant: tenant.id })
      const rolled = await db.rawQuery(pair.rolled, { tenant: tenant.id })
      result[name] = [sortRows(live.rows), sortRows(rolled.rows)]
    }
    return result
  })
}
