/*
|--------------------------------------------------------------------------
| Certificates routes
|--------------------------------------------------------------------------
|
| /app/settings/certificates: signing certificate (Ecuador) or PAC
| credentials (Panama), for members with `certificates.upload` (OWNER,
| ADMIN), and "Actualizar" of the folios card (a PAC country's quota).
| /app/notifications: every member's own notices (the bell).
| /admin/certificates: expiring certificates across companies.
|
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { registerNavigation } from '#accounts/navigation'

const CertificatesController = () => import('#certificates/controllers/certificates_controller')
const PacCredentialsController = () =>
  import('#certificates/controllers/pac_credentials_controller')
const NotificationsController = () => import('#certificates/controllers/notifications_controller')
const QuotaController = () => import('#certificates/controllers/quota_controller')
const AdminCertificatesController = () =>
  import('#certificates/controllers/admin_certificates_controller')

const environment = /^(test|production)$/

router
  .group(() => {
    router
      .group(() => {
        router.get('/', [CertificatesController, 'index']).as('index')
        router.post('/', [CertificatesController, 'store']).as('store')
        router
          .put('/pac/:environment', [PacCredentialsController, 'update'])
          .as('pac.update')
          .where('environment', environment)
        router
          .post('/pac/:environment/test', [PacCredentialsController, 'test'])
          .as('pac.test')
          .where('environment', environment)
        router.post('/quota/refresh', [QuotaController, 'refresh']).as('quota.refresh')
      })
      .prefix('/settings/certificates')
      .as('certificates')
      .use(middleware.permission({ permission: 'certificates.upload' }))

    router.get('/notifications', [NotificationsController, 'index']).as('notifications.index')
    router
      .post('/notifications/read', [NotificationsController, 'markAllRead'])
      .as('notifications.read')
  })
  .prefix('/app')
  .as('app')
  .use([middleware.auth(), middleware.tenant()])

router
  .get('/admin/certificates', [AdminCertificatesController, 'index'])
  .as('admin.certificates.index')
  .use(middleware.superAdmin())

registerNavigation({
  key: 'certificates',
  href: '/app/settings/certificates',
  permission: 'certificates.upload',
  order: 70,
})
