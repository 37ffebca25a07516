import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import { dispatchForTenant } from '#tenancy/tenant_job'
import { audit } from '#accounts/audit/audit_service'
import DocumentArchive from '#reports/models/document_archive'
import BuildArchiveJob, { REPORT_EXPORT_QUEUE } from '#reports/jobs/build_archive_job'
import type { Period } from '#reports/period'

/** Records a ZIP request for a period and queues its build. */
export default class RequestArchive {
  async handle(ctx: HttpContext, period: Period, includePdf: boolean) {
    const archive = await DocumentArchive.create({
      userId: ctx.auth.user!.id,
      status: 'queued',
      dateFrom: DateTime.fromISO(period.from),
      dateTo: DateTime.fromISO(period.to),
      includePdf,
      total: 0,
      done: 0,
      locale: ctx.i18n.locale === 'en' ? 'en' : 'es',
    })
    await audit.record(ctx, 'document_archive.requested', {
      entity: 'document_archive',
      entityId: archive.id,
      after: { from: period.from, to: period.to, includePdf },
    })
    await dispatchForTenant(
      BuildArchiveJob,
      { archiveId: archive.id },
      { queueName: REPORT_EXPORT_QUEUE, attempts: 2 }
    )
    return archive
  }
}
