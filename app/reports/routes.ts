/*
|--------------------------------------------------------------------------
| Dashboard, reports, receivables and exports
|--------------------------------------------------------------------------
|
| All in the signed-in company area: the tenant middleware runs each
| request in the company's context, so another company's ids answer 404.
| Permissions: dashboard.view for the home, reports.view for reports and
| receivables, receivables.manage for payments, settings.manage for the
| reminder e-mails, documents.export for files of documents
| (docs/roles.md).
|
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { registerNavigation } from '#accounts/navigation'

const DashboardController = () => import('#reports/controllers/dashboard_controller')
const PeriodReportsController = () => import('#reports/controllers/period_reports_controller')
const ArchivesController = () => import('#reports/controllers/archives_controller')
const DocumentExportsController = () => import('#reports/controllers/document_exports_controller')
const ReceivablesController = () => import('#reports/controllers/receivables_controller')

const id = router.matchers.number()

router
  .group(() => {
    router
      .get('/', [DashboardController, 'show'])
      .as('dashboard')
      .use(middleware.permission({ permission: 'dashboard.view' }))

    router
      .group(() => {
        router.get('/', [PeriodReportsController, 'show']).as('show')
        router
          .get('/download/:format', [PeriodReportsController, 'download'])
          .as('download')
          .where('format', /^(csv|xlsx)$/)
      })
      .prefix('/reports')
      .as('reports')
      .use(middleware.permission({ permission: 'reports.view' }))

    router
      .group(() => {
        router.get('/', [ReceivablesController, 'index']).as('index')
        router
          .get('/:id/payments', [ReceivablesController, 'payments'])
          .as('payments')
          .where('id', id)
      })
      .prefix('/receivables')
      .as('receivables')
      .use(middleware.permission({ permission: 'reports.view' }))
    router
      .group(() => {
        router
          .post('/:id/payments', [ReceivablesController, 'store'])
          .as('payments.store')
          .where('id', id)
        router
          .delete('/:id/payments/:paymentId', [ReceivablesController, 'destroy'])
          .as('payments.destroy')
          .where('id', id)
          .where('paymentId', id)
      })
      .prefix('/receivables')
      .as('receivables')
      .use(middleware.permission({ permission: 'receivables.manage' }))
    router
      .put('/receivables/reminders', [ReceivablesController, 'updateReminders'])
      .as('receivables.reminders.update')
      .use(middleware.permission({ permission: 'settings.manage' }))

    router
      .group(() => {
        router
          .get('/documents/export/:format', [DocumentExportsController, 'download'])
          .as('documents.export')
          .where('format', /^(csv|xlsx)$/)
        router.get('/archives', [ArchivesController, 'index']).as('archives.index')
        router.post('/archives', [ArchivesController, 'store']).as('archives.store')
        router
          .get('/archives/:id/progress', [ArchivesController, 'progress'])
          .as('archives.progress')
          .where('id', id)
        router
          .get('/archives/:id/download', [ArchivesController, 'download'])
          .as('archives.download')
          .where('id', id)
      })
      .use(middleware.permission({ permission: 'documents.export' }))
  })
  .prefix('/app')
  .as('app')
  .use([middleware.auth(), middleware.tenant()])

registerNavigation({ key: 'reports', href: '/app/reports', permission: 'reports.view', order: 40 })
registerNavigation({
  key: 'receivables',
  href: '/app/receivables',
  permission: 'reports.view',
  order: 42,
})
registerNavigation({
  key: 'archives',
  href: '/app/archives',
  permission: 'documents.export',
  order: 45,
})
