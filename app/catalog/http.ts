import type { HttpContext } from '@adonisjs/core/http'
import type { VineValidator } from '@vinejs/vine'
import type { SchemaTypes } from '@vinejs/vine/types'
import { catalogMessages } from '#catalog/i18n'
import type { CatalogMeta } from '#catalog/validators'
import type { ListFilters } from '#catalog/queries'
import { toPage } from '#core/record_id'

/** The tenant's country and the user's language, for the country-aware validators. */
export function catalogMeta(ctx: HttpContext, extra: Partial<CatalogMeta> = {}): CatalogMeta {
  return { country: ctx.tenant!.country, locale: ctx.i18n.locale, ...extra }
}

/** Validates the request body with catalog messages (Spanish or English). */
export function validateCatalog<Schema extends SchemaTypes>(
  ctx: HttpContext,
  validator: VineValidator<Schema, Record<string, any>>,
  extra: Partial<CatalogMeta> = {}
) {
  return ctx.request.validateUsing(validator, {
    meta: catalogMeta(ctx, extra),
    messagesProvider: catalogMessages(ctx.i18n),
  })
}

/**
 * List filters from the query string. Read leniently: a list page never
 * answers an error for a strange `page` or `status`, it shows page 1 of
 * the active rows.
 */
export function listFilters(qs: Record<string, unknown>): Required<ListFilters> & { page: number } {
  const status = qs.status
  return {
    page: toPage(qs.page),
    q: typeof qs.q === 'string' ? qs.q.trim().slice(0, 100) : '',
    status: status === 'inactive' || status === 'all' ? status : 'active',
  }
}

export function paginationDto(meta: { currentPage: number; lastPage: number; total: number }) {
  return { currentPage: meta.currentPage, lastPage: meta.lastPage, total: meta.total }
}

export const PAGE_SIZE = 25

/**
 * Download headers for a generated body. (`response.attachment()` serves a
 * file from disk, which these bodies are not.) The name may carry accents:
 * an ASCII fallback plus the RFC 5987 form.
 */
export function downloadAs(ctx: HttpContext, fileName: string, contentType: string) {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '')
  ctx.response.header('content-type', contentType)
  ctx.response.header(
    'content-disposition',
    `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
  )
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
export const CSV_TYPE = 'text/csv; charset=utf-8'
