import { clock } from '#core/clock'
import { companyFigures, weeklyMovement } from '#admin/metrics/companies'
import { revenueFigures } from '#admin/metrics/revenue'
import { documentFigures } from '#admin/metrics/documents'
import { queueFigures } from '#admin/metrics/queues'

export type OverviewDto = Awaited<ReturnType<typeof buildOverview>>

/**
 * The console's home: every platform figure with the period it covers.
 * The figures are independent reads, run together.
 */
export async function buildOverview(now: Date = clock.now()) {
  const [companies, revenue, movement, documentWindow, queues] = await Promise.all([
    companyFigures(now),
    revenueFigures(now),
    weeklyMovement(12, now),
    documentFigures(30, 10, now),
    queueFigures(),
  ])
  return { companies, revenue, movement, ...documentWindow, queues }
}
