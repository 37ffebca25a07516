import type { HttpContext } from '@adonisjs/core/http'
import type { I18n } from '@adonisjs/i18n'
import { documentFilters, documentListQuery } from '#documents/queries'
import type Document from '#documents/models/document'
import { csvExport, xlsxExport, type ExportColumn } from '#catalog/exports/list_export'
import { CSV_TYPE, XLSX_TYPE, downloadAs } from '#catalog/http'
import { audit } from '#accounts/audit/audit_service'
import { countryWords } from '#core/country_words'

function columns(i18n: I18n, country: string): ExportColumn<Document>[] {
  const words = countryWords(country, i18n.locale)
  const h = (key: string) => i18n.t(`reports.documents.${key}`, words)
  return [
    { key: 'number', header: h('number'), value: (row) => row.number ?? '' },
    { key: 'type', header: h('type'), value: (row) => h(row.type) },
    { key: 'status', header: h('status'), value: (row) => row.status },
    { key: 'issueDate', header: h('issue_date'), value: (row) => row.issueDate.toISODate()! },
    {
      key: 'buyerIdentification',
      header: h('buyer_identification'),
      value: (row) => row.buyer?.identification ?? '',
    },
    { key: 'buyerName', header: h('buyer_name'), value: (row) => row.buyer?.name ?? '' },
    { key: 'subtotal', header: h('subtotal'), value: (row) => row.subtotal, decimal: true },
    { key: 'taxTotal', header: h('tax'), value: (row) => row.taxTotal, decimal: true },
    { key: 'total', header: h('total'), value: (row) => row.total, decimal: true },
    { key: 'accessKey', header: h('access_key'), value: (row) => row.accessKey ?? '' },
    {
      key: 'authorizationNumber',
      header: h('authorization_number'),
      value: (row) => row.authorizationNumber ?? '',
    },
  ]
}

/**
 * The documents list as CSV or XLSX, with the same filters as the list
 * page (status, type, dates, customer, point, search), streamed in pages.
 */
export default class DocumentExportsController {
  async download(ctx: HttpContext) {
    const { request, params, i18n, response } = ctx
    const format = params.format === 'xlsx' ? 'xlsx' : 'csv'
    const filters = documentFilters(request.qs())
    await audit.record(ctx, 'document.list_exported', {
      entity: 'document',
      after: { format, ...filters },
    })
    const makeQuery = () => documentListQuery(filters)
    const name = `comprobantes.${format}`
    if (format === 'csv') {
      downloadAs(ctx, name, CSV_TYPE)
      return response.stream(csvExport(i18n, columns(i18n, ctx.tenant!.country), makeQuery))
    }
    downloadAs(ctx, name, XLSX_TYPE)
    return response.stream(
      xlsxExport(
        i18n,
        i18n.t('reports.documents.sheet'),
        columns(i18n, ctx.tenant!.country),
        makeQuery
      )
    )
  }
}
