/*
|--------------------------------------------------------------------------
| Platform console routes
|--------------------------------------------------------------------------
|
| Super-admins only; anyone else, guests included, gets 404 on every one
| of them (tests/functional/admin walks them all). Every change is a POST
| with a reason that lands in the audit log.
|
*/
import { recordIdMatcher } from '#core/record_id'
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const OverviewController = () => import('#admin/controllers/overview_controller')
const CompaniesController = () => import('#admin/controllers/companies_controller')
const PlansController = () => import('#admin/controllers/plans_controller')
const AlertsController = () => import('#admin/controllers/alerts_controller')
const HealthController = () => import('#admin/controllers/health_controller')
const PlatformAuditController = () => import('#admin/controllers/platform_audit_controller')
const SupportController = () => import('#admin/controllers/support_controller')

const id = recordIdMatcher

router
  .group(() => {
    router.get('/', [OverviewController, 'show']).as('home')
    // The old address of the companies list.
    router.on('/tenants').redirect('admin.companies.index').as('tenants.index')

    router
      .group(() => {
        router.get('/', [CompaniesController, 'index']).as('index')
        router.get('/:id', [CompaniesController, 'show']).as('show').where('id', id)
        router.post('/:id/suspend', [CompaniesController, 'suspend']).as('suspend').where('id', id)
        router
          .post('/:id/reactivate', [CompaniesController, 'reactivate'])
          .as('reactivate')
          .where('id', id)
        router.post('/:id/plan', [CompaniesController, 'changePlan']).as('plan').where('id', id)
        router.post('/:id/trial', [CompaniesController, 'extendTrial']).as('trial').where('id', id)
        router
          .post('/:id/owner-access', [CompaniesController, 'resendOwnerAccess'])
          .as('owner_access')
          .where('id', id)
        router.post('/:id/support', [SupportController, 'start']).as('support').where('id', id)
      })
      .prefix('/companies')
      .as('companies')

    router
      .group(() => {
        router.get('/', [PlansController, 'index']).as('index')
        router.get('/new', [PlansController, 'create']).as('create')
        router.post('/', [PlansController, 'store']).as('store')
        router.get('/:id/edit', [PlansController, 'edit']).as('edit').where('id', id)
        router.put('/:id', [PlansController, 'update']).as('update').where('id', id)
        router.post('/:id/retire', [PlansController, 'retire']).as('retire').where('id', id)
      })
      .prefix('/plans')
      .as('plans')

    router.get('/alerts', [AlertsController, 'index']).as('alerts.index')
    router.post('/alerts/acknowledge', [AlertsController, 'acknowledge']).as('alerts.acknowledge')

    router.get('/health', [HealthController, 'show']).as('health.show')
    router
      .post('/health/queues/:queue/jobs/:job/retry', [HealthController, 'retry'])
      .as('health.retry')
    router
      .post('/health/queues/:queue/jobs/:job/drop', [HealthController, 'drop'])
      .as('health.drop')

    router.get('/audit', [PlatformAuditController, 'index']).as('audit.index')
    router.get('/audit/export', [PlatformAuditController, 'export']).as('audit.export')
  })
  .prefix('/admin')
  .as('admin')
  .use(middleware.superAdmin())

// Leaving the support view is allowed from inside it (the company's pages).
router
  .post('/admin/support/end', [SupportController, 'end'])
  .as('admin.support.end')
  .use(middleware.superAdmin())
