import { DateTime } from 'luxon'
import i18nManager from '@adonisjs/i18n/services/main'
import { TenantJob, type TenantJobPayload } from '#tenancy/tenant_job'
import BuildArchive from '#reports/actions/build_archive'
import DocumentArchive from '#reports/models/document_archive'

/** ZIPs run on their own queue so a big period never delays document jobs. */
export const REPORT_EXPORT_QUEUE = 'report-exports'

export interface BuildArchivePayload extends TenantJobPayload {
  archiveId: number
}

/** Builds a document ZIP (BuildArchive) inside the company's context. */
export default class BuildArchiveJob extends TenantJob<BuildArchivePayload> {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(payload: BuildArchivePayload) {
    await new BuildArchive().handle(payload.archiveId)
  }

  /** Out of retries: the page stops waiting and says so. */
  async rescue(payload: BuildArchivePayload, error: Error) {
    this.logger?.error({ err: error, archiveId: payload.archiveId }, 'document archive job gave up')
    const archive = await DocumentArchive.find(payload.archiveId)
    if (!archive || archive.status === 'ready') return
    archive.merge({
      status: 'failed',
      failure: i18nManager.locale(archive.locale).t('reports.archives.failed'),
      finishedAt: DateTime.now(),
    })
    await archive.save()
  }
}
