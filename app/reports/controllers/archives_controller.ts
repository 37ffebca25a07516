import type { HttpContext } from '@adonisjs/core/http'
import { createReadStream } from 'node:fs'
import { audit } from '#accounts/audit/audit_service'
import { downloadAs } from '#catalog/http'
import DocumentArchive from '#reports/models/document_archive'
import RequestArchive from '#reports/actions/request_archive'
import { archiveValidator } from '#reports/validators'
import { parsePeriod } from '#reports/period'
import { companyToday } from '#reports/company_calendar'
import { toArchiveDto } from '#reports/dtos/archive_dto'

/**
 * ZIPs of a period's authorized XMLs (and PDFs): request, the list with
 * progress (polled by the page), and the download of a finished file.
 * Another company's archive is 404.
 */
export default class ArchivesController {
  async index({ inertia }: HttpContext) {
    const archives = await DocumentArchive.query().orderBy('created_at', 'desc').limit(20)
    return inertia.render('reports/archives/index', { archives: archives.map(toArchiveDto) })
  }

  async store(ctx: HttpContext) {
    const { request, response, session, i18n, tenant } = ctx
    const input = await request.validateUsing(archiveValidator)
    const { period, error } = parsePeriod(input, companyToday(tenant!))
    if (error) {
      session.flashErrors({ period: i18n.t(error) })
      return response.redirect().back()
    }
    await new RequestArchive().handle(ctx, period, input.includePdf ?? false)
    session.flash('success', i18n.t('reports.archives.queued'))
    return response.redirect().toRoute('app.archives.index')
  }

  async progress({ params, response }: HttpContext) {
    const archive = await DocumentArchive.findOrFail(params.id)
    return response.json(toArchiveDto(archive))
  }

  async download(ctx: HttpContext) {
    const archive = await DocumentArchive.findOrFail(ctx.params.id)
    if (archive.status !== 'ready' || !archive.filePath) {
      return ctx.response.status(409).send(ctx.i18n.t('reports.archives.not_ready'))
    }
    await audit.record(ctx, 'document_archive.downloaded', {
      entity: 'document_archive',
      entityId: archive.id,
      after: { from: archive.dateFrom.toISODate(), to: archive.dateTo.toISODate() },
    })
    const name = `comprobantes-${archive.dateFrom.toISODate()}_${archive.dateTo.toISODate()}.zip`
    downloadAs(ctx, name, 'application/zip')
    ctx.response.header('content-length', String(archive.fileSize ?? ''))
    return ctx.response.stream(createReadStream(archive.filePath))
  }
}
