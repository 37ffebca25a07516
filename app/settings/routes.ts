/*
|--------------------------------------------------------------------------
| Settings routes
|--------------------------------------------------------------------------
|
| /app/settings/production: the company's environment, its pre-flight list
| and the switch, for members with `settings.manage` (OWNER, ADMIN).
|
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { registerNavigation } from '#accounts/navigation'

const EnvironmentController = () => import('#settings/controllers/environment_controller')
const CustomerEmailController = () => import('#settings/controllers/customer_email_controller')

router
  .group(() => {
    router.get('/', [EnvironmentController, 'show']).as('show')
    router.post('/', [EnvironmentController, 'goLive']).as('go_live')
    router.post('/test', [EnvironmentController, 'backToTest']).as('back_to_test')
  })
  .prefix('/app/settings/production')
  .as('app.settings.production')
  .use([
    middleware.auth(),
    middleware.tenant(),
    middleware.permission({ permission: 'settings.manage' }),
  ])

// Who sends the customer e-mail (Facturo or the authority), chosen on the PAC credentials page.
router
  .put('/app/settings/customer-email', [CustomerEmailController, 'update'])
  .as('app.settings.customer_email')
  .use([
    middleware.auth(),
    middleware.tenant(),
    middleware.permission({ permission: 'settings.manage' }),
  ])

registerNavigation({
  key: 'production',
  href: '/app/settings/production',
  permission: 'settings.manage',
  order: 75,
})
