import { DateTime } from 'luxon'
import { TenantJob, type TenantJobPayload } from '#tenancy/tenant_job'
import CatalogImport from '#catalog/models/catalog_import'
import AnalyzeImport from '#catalog/actions/analyze_import'
import { i18nFor } from '#catalog/i18n'

export interface AnalyzeImportPayload extends TenantJobPayload {
  importId: number
}

/**
 * Reads an uploaded CSV (AnalyzeImport) for one company, on the catalog
 * import queue, so the upload request never parses the file itself.
 */
export default class AnalyzeImportJob extends TenantJob<AnalyzeImportPayload> {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(payload: AnalyzeImportPayload) {
    await new AnalyzeImport().handle(payload.importId)
  }

  /** Out of retries: the page must not wait forever. */
  async rescue(payload: AnalyzeImportPayload, error: Error) {
    this.logger?.error(
      { err: error, importId: payload.importId },
      'catalog import analysis gave up'
    )
    const record = await CatalogImport.find(payload.importId)
    if (!record || record.status !== 'analyzing') return
    record.merge({
      status: 'failed',
      failure: i18nFor(record.locale).t('catalog.imports.errors.unexpected'),
      finishedAt: DateTime.now(),
    })
    await record.save()
  }
}
