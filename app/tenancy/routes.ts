/*
|--------------------------------------------------------------------------
| Tenancy routes
|--------------------------------------------------------------------------
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const TenantSwitchController = () => import('#tenancy/controllers/tenant_switch_controller')

router
  .post('/app/switch', [TenantSwitchController, 'store'])
  .as('app.switch')
  .use([middleware.auth(), middleware.tenant()])
