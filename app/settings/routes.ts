/*
|--------------------------------------------------------------------------
| Settings routes
|--------------------------------------------------------------------------
|
| /app/settings/company: the company's data, logo and country fields;
| /app/settings/production: the company's environment, its pre-flight list
| and the switch. Both for members with `settings.manage` (OWNER, ADMIN).
|
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { registerNavigation } from '#accounts/navigation'

const EnvironmentController = () => import('#settings/controllers/environment_controller')
const CustomerEmailController = () => import('#settings/controllers/customer_email_controller')

const CompanyController = () => import('#settings/controllers/company_controller')

router
  .group(() => {
    router.get('/', [CompanyController, 'show']).as('show')
    router.put('/', [CompanyController, 'update']).as('update')
    router.post('/logo', [CompanyController, 'uploadLogo']).as('logo.store')
    router.delete('/logo', [CompanyController, 'removeLogo']).as('logo.destroy')
    router.get('/logo', [CompanyController, 'logo']).as('logo.show')
  })
  .prefix('/app/settings/company')
  .as('app.settings.company')
  .use([
    middleware.auth(),
    middleware.tenant(),
    middleware.permission({ permission: 'settings.manage' }),
  ])

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
  key: 'company',
  href: '/app/settings/company',
  permission: 'settings.manage',
  order: 74,
})

registerNavigation({
  key: 'production',
  href: '/app/settings/production',
  permission: 'settings.manage',
  order: 75,
})
