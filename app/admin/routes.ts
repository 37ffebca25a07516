/*
|--------------------------------------------------------------------------
| Platform console routes
|--------------------------------------------------------------------------
|
| Super-admins only; anyone else, guests included, gets 404.
|
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const TenantsController = () => import('#admin/controllers/tenants_controller')

router
  .group(() => {
    router.get('/', ({ response }) => response.redirect().toRoute('admin.tenants.index')).as('home')
    router.get('/tenants', [TenantsController, 'index']).as('tenants.index')
  })
  .prefix('/admin')
  .as('admin')
  .use(middleware.superAdmin())
