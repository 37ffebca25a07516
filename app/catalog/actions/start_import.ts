import logger from '@adonisjs/core/services/logger'
import type { I18n } from '@adonisjs/i18n'
import type CatalogImport from '#catalog/models/catalog_import'
import { rulesFor } from '#catalog/country_rules'
import { importFields, missingFields } from '#catalog/imports/fields'
import { CatalogRuleException, CatalogValidationException } from '#catalog/errors'
import ImportCatalogJob, { CATALOG_IMPORT_QUEUE } from '#catalog/jobs/import_catalog_job'
import { dispatchForTenant } from '#tenancy/tenant_job'

/**
 * Confirms the column mapping of an uploaded import and queues it. The
 * mapping must cover every required field with a column of the file, each
 * column feeding one field at most.
 */
export default class StartImport {
  async handle(
    record: CatalogImport,
    requested: Record<string, number>,
    options: { tenantId: number; country: string; i18n: I18n }
  ) {
    const { i18n } = options
    if (record.status !== 'uploaded') {
      throw new CatalogRuleException(i18n.t('catalog.imports.errors.already_started'))
    }
    const fields = importFields(record.kind, rulesFor(options.country))
    const mapping: Record<string, number> = {}
    const used = new Map<number, string>()
    for (const field of fields) {
      const index = requested[field.key]
      if (index === undefined || index < 0) continue
      if (index >= record.headers.length || used.has(index)) {
        throw new CatalogValidationException([
          {
            field: `mapping.${field.key}`,
            rule: 'mapping',
            message: i18n.t('catalog.imports.errors.column_twice'),
          },
        ])
      }
      used.set(index, field.key)
      mapping[field.key] = index
    }
    const missing = missingFields(fields, mapping)
    if (missing.length > 0) {
      throw new CatalogValidationException(
        missing.map((field) => ({
          field: `mapping.${field.key}`,
          rule: 'required',
          message: i18n.t('catalog.imports.errors.missing_columns', {
            columns: i18n.t(`catalog.fields.${field.key}`),
          }),
        }))
      )
    }

    record.merge({ mapping, status: 'queued', locale: i18n.locale })
    await record.save()
    try {
      await dispatchForTenant(
        ImportCatalogJob,
        { importId: record.id },
        { queueName: CATALOG_IMPORT_QUEUE, attempts: 3, tenant: options.tenantId }
      )
    } catch (error) {
      // Redis unreachable: back to the preview, nothing lost.
      logger.error({ err: error, importId: record.id }, 'could not queue a catalog import')
      record.status = 'uploaded'
      await record.save()
      throw new CatalogRuleException(i18n.t('catalog.imports.errors.queue_unavailable'))
    }
    return record
  }
}
