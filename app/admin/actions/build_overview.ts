import { clock } from '#core/clock'
import { companyFigures, weeklyMovement } from '#admin/metrics/companies'
import { revenueFigures } from '#admin/metrics/revenue'
import { authorityFigures, dailyDocuments, topCompanies } from '#admin/metrics/documents'
import { queueFigures } from '#admin/metrics/queues'

export type OverviewDto = Awaited<ReturnType<typeof buildOverview>>

/**
 * The console's home: every platform figure with the period it covers.
 * The figures are independent reads, run together.
 */
export async function buildOverview(now: Date = clock.now()) {
  const [companies, revenue, movement, documents, authorities, top, queues] = await Promise.all([
    companyFigures(now),
    revenueFigures(now),
    weeklyMovement(12, now),
    dailyDocuments(30, now),
    authorityFigures(30, now),
    topCompanies(10, 30, now),
    queueFigures(),
  ])
  return { companies, revenue, movement, documents, authorities, top, queues }
}
