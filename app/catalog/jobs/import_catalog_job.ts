import { DateTime } from 'luxon'
import { TenantJob, type TenantJobPayload } from '#tenancy/tenant_job'
import CatalogImport from '#catalog/models/catalog_import'
import RunImport from '#catalog/actions/run_import'
import { i18nFor } from '#catalog/i18n'

/** Imports run on their own queue so a big file never delays document jobs. */
export const CATALOG_IMPORT_QUEUE = 'catalog-imports'

export interface ImportCatalogPayload extends TenantJobPayload {
  importId: number
}

/**
 * Runs a CSV import (RunImport) for one company. TenantJob enters the
 * company's context from `tenantId` in the payload; an import that no
 * longer exists is skipped.
 */
export default class ImportCatalogJob extends TenantJob<ImportCatalogPayload> {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(payload: ImportCatalogPayload) {
    await new RunImport().handle(payload.importId)
  }

  /** Out of retries (the worker kept crashing): the page must not wait forever. */
  async rescue(payload: ImportCatalogPayload, error: Error) {
    this.logger?.error({ err: error, importId: payload.importId }, 'catalog import job gave up')
    const record = await CatalogImport.find(payload.importId)
    if (!record || !['queued', 'validating', 'importing'].includes(record.status)) return
    record.merge({
      status: 'failed',
      importedRows: 0,
      failure: i18nFor(record.locale).t('catalog.imports.errors.unexpected'),
      finishedAt: DateTime.now(),
    })
    await record.save()
  }
}
