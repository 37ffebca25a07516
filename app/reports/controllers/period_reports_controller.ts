import type { HttpContext } from '@adonisjs/core/http'
import BuildPeriodReport from '#reports/actions/build_period_report'
import { reportCsv, reportFileName, reportXlsx } from '#reports/report_file'
import { audit } from '#accounts/audit/audit_service'
import { CSV_TYPE, XLSX_TYPE, downloadAs } from '#catalog/http'

/** Sales and taxes of a period: on screen, and as CSV or XLSX with the same figures. */
export default class PeriodReportsController {
  async show({ inertia, tenant, request, i18n }: HttpContext) {
    const report = await new BuildPeriodReport().handle(tenant!, request.qs(), i18n.locale)
    return inertia.render('reports/period/show', { report })
  }

  async download(ctx: HttpContext) {
    const { tenant, request, i18n, params, response } = ctx
    const format = params.format === 'xlsx' ? 'xlsx' : 'csv'
    const report = await new BuildPeriodReport().handle(tenant!, request.qs(), i18n.locale)
    await audit.record(ctx, 'report.downloaded', {
      entity: 'report',
      after: { format, from: report.period.from, to: report.period.to },
    })
    const name = reportFileName(report, format)
    if (format === 'csv') {
      downloadAs(ctx, name, CSV_TYPE)
      return response.send(reportCsv(report, i18n))
    }
    downloadAs(ctx, name, XLSX_TYPE)
    return response.send(await reportXlsx(report, i18n))
  }
}
