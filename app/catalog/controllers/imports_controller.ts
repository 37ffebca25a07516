import type { HttpContext } from '@adonisjs/core/http'
import { stringify } from 'csv-stringify/sync'
import { csvSafety } from '#core/csv'
import CatalogImport, { type ImportKind } from '#catalog/models/catalog_import'
import CreateImport from '#catalog/actions/create_import'
import StartImport from '#catalog/actions/start_import'
import { importMappingValidator, importUploadValidator } from '#catalog/validators'
import { toImportDto } from '#catalog/dtos/import_dto'
import { rulesFor } from '#catalog/country_rules'
import { importFields } from '#catalog/imports/fields'
import { ensurePermission } from '#accounts/errors'
import { audit } from '#accounts/audit/audit_service'
import { CSV_TYPE, downloadAs, validateCatalog } from '#catalog/http'

const PERMISSION = { customers: 'customers.manage', products: 'products.manage' } as const

function kindOf(value: unknown): ImportKind {
  return value === 'products' ? 'products' : 'customers'
}

/**
 * CSV imports: upload (stored and read by the worker), preview with column
 * mapping, start (queued), the progress the page polls, and the error
 * report. No request parses the file or loads its bytes. Each step checks the
 * permission of the import's kind; another company's import is 404.
 */
export default class ImportsController {
  async create(ctx: HttpContext) {
    const kind = kindOf(ctx.request.qs().kind)
    await ensurePermission(ctx, PERMISSION[kind])
    const fields = importFields(kind, rulesFor(ctx.tenant!.country))
    return ctx.inertia.render('catalog/imports/create', {
      kind,
      fields: fields.map((field) => ({ key: field.key, required: field.required })),
    })
  }

  async store(ctx: HttpContext) {
    const { response, i18n, membership } = ctx
    const input = await validateCatalog(ctx, importUploadValidator)
    await ensurePermission(ctx, PERMISSION[input.kind])
    const record = await new CreateImport().handle(input.file, {
      kind: input.kind,
      encoding: input.encoding ?? 'utf-8',
      membershipId: membership?.id ?? null,
      i18n,
    })
    await audit.record(ctx, 'catalog_import.uploaded', {
      entity: 'catalog_import',
      entityId: record.id,
      after: { kind: record.kind, fileName: record.fileName, encoding: record.encoding },
    })
    return response.redirect().toRoute('app.imports.show', { id: record.id })
  }

  async show(ctx: HttpContext) {
    const record = await CatalogImport.findWithoutFile(ctx.params.id)
    await ensurePermission(ctx, PERMISSION[record.kind])
    const fields = importFields(record.kind, rulesFor(ctx.tenant!.country))
    return ctx.inertia.render('catalog/imports/show', {
      record: toImportDto(record),
      fields: fields.map((field) => ({ key: field.key, required: field.required })),
      // The first rows, read by the worker, to check the mapping against real data.
      preview: record.status === 'uploaded' ? record.preview : [],
    })
  }

  async start(ctx: HttpContext) {
    const { params, response, i18n, tenant } = ctx
    const record = await CatalogImport.findWithoutFile(params.id)
    await ensurePermission(ctx, PERMISSION[record.kind])
    const { mapping } = await validateCatalog(ctx, importMappingValidator)
    await new StartImport().handle(record, mapping, {
      tenantId: tenant!.id,
      country: tenant!.country,
      i18n,
    })
    // The rows it creates are the import's own record (progress, errors);
    // the trail keeps who started which file with which columns.
    await audit.record(ctx, 'catalog_import.started', {
      entity: 'catalog_import',
      entityId: record.id,
      after: { kind: record.kind, fileName: record.fileName, mapping: record.mapping },
    })
    return response.redirect().toRoute('app.imports.show', { id: record.id })
  }

  /** Polled by the import page (JSON). */
  async progress(ctx: HttpContext) {
    const record = await CatalogImport.findWithoutFile(ctx.params.id)
    await ensurePermission(ctx, PERMISSION[record.kind])
    return toImportDto(record)
  }

  /** Every reported row in error, as CSV: line, field, reason (reasons quote the user's cells). */
  async errors(ctx: HttpContext) {
    const { response, i18n } = ctx
    const record = await CatalogImport.findWithoutFile(ctx.params.id)
    await ensurePermission(ctx, PERMISSION[record.kind])
    const body = stringify(
      [
        [
          i18n.t('catalog.imports.report.line'),
          i18n.t('catalog.imports.report.field'),
          i18n.t('catalog.imports.report.reason'),
        ],
        ...record.errors.map((error) => [
          error.line,
          error.field ? i18n.t(`catalog.fields.${error.field}`) : '',
          error.message,
        ]),
      ],
      { ...csvSafety, bom: true }
    )
    downloadAs(ctx, `${i18n.t('catalog.imports.report.file_name')}-${record.id}.csv`, CSV_TYPE)
    return response.send(body)
  }
}
