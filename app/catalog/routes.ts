/*
|--------------------------------------------------------------------------
| Catalog routes
|--------------------------------------------------------------------------
|
| Customers, products, establishments with their emission points and
| numbering, CSV imports and exports. Everything lives in the signed-in
| company area (/app): the tenant middleware runs each request in the
| company's context, so ids of another company answer 404.
|
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { registerNavigation } from '#accounts/navigation'

const CustomersController = () => import('#catalog/controllers/customers_controller')
const ProductsController = () => import('#catalog/controllers/products_controller')
const EstablishmentsController = () => import('#catalog/controllers/establishments_controller')
const EmissionPointsController = () => import('#catalog/controllers/emission_points_controller')
const ImportsController = () => import('#catalog/controllers/imports_controller')

const exportFormat = { format: { match: /^(csv|xlsx)$/ } }

router
  .group(() => {
    // Customers
    router
      .group(() => {
        router.get('/', [CustomersController, 'index']).as('index')
        router
          .get('/export/:format', [CustomersController, 'export'])
          .as('export')
          .where('format', exportFormat.format)
      })
      .prefix('/customers')
      .as('customers')
      .use(middleware.permission({ permission: 'customers.view' }))
    router
      .group(() => {
        router.get('/create', [CustomersController, 'create']).as('create')
        router.post('/', [CustomersController, 'store']).as('store')
        router.post('/quick', [CustomersController, 'quickStore']).as('quick_store')
        router
          .post('/lookup-taxpayer', [CustomersController, 'lookupTaxpayer'])
          .as('lookup_taxpayer')
        router.get('/:id/edit', [CustomersController, 'edit']).as('edit')
        router.put('/:id', [CustomersController, 'update']).as('update')
        router.post('/:id/deactivate', [CustomersController, 'deactivate']).as('deactivate')
        router.post('/:id/reactivate', [CustomersController, 'reactivate']).as('reactivate')
      })
      .prefix('/customers')
      .as('customers')
      .use(middleware.permission({ permission: 'customers.manage' }))

    // Products and services
    router
      .group(() => {
        router.get('/', [ProductsController, 'index']).as('index')
        router
          .get('/export/:format', [ProductsController, 'export'])
          .as('export')
          .where('format', exportFormat.format)
      })
      .prefix('/products')
      .as('products')
      .use(middleware.permission({ permission: 'products.view' }))
    router
      .group(() => {
        router.get('/create', [ProductsController, 'create']).as('create')
        router.post('/', [ProductsController, 'store']).as('store')
        router.get('/:id/edit', [ProductsController, 'edit']).as('edit')
        router.put('/:id', [ProductsController, 'update']).as('update')
        router.post('/:id/deactivate', [ProductsController, 'deactivate']).as('deactivate')
        router.post('/:id/reactivate', [ProductsController, 'reactivate']).as('reactivate')
      })
      .prefix('/products')
      .as('products')
      .use(middleware.permission({ permission: 'products.manage' }))

    // Establishments, emission points, numbering, default points
    router
      .group(() => {
        router
          .get('/establishments', [EstablishmentsController, 'index'])
          .as('establishments.index')
        router
          .get('/establishments/create', [EstablishmentsController, 'create'])
          .as('establishments.create')
        router
          .post('/establishments', [EstablishmentsController, 'store'])
          .as('establishments.store')
        router
          .get('/establishments/:id/edit', [EstablishmentsController, 'edit'])
          .as('establishments.edit')
        router
          .put('/establishments/:id', [EstablishmentsController, 'update'])
          .as('establishments.update')
        router
          .post('/establishments/:id/deactivate', [EstablishmentsController, 'deactivate'])
          .as('establishments.deactivate')
        router
          .post('/establishments/:id/reactivate', [EstablishmentsController, 'reactivate'])
          .as('establishments.reactivate')
        router
          .post('/establishments/:id/points', [EstablishmentsController, 'storePoint'])
          .as('establishments.points.store')
        router
          .put('/establishments/defaults/:membershipId', [EstablishmentsController, 'setDefault'])
          .as('establishments.defaults')
        router
          .get('/emission-points/:id/edit', [EmissionPointsController, 'edit'])
          .as('points.edit')
        router.put('/emission-points/:id', [EmissionPointsController, 'update']).as('points.update')
        router
          .post('/emission-points/:id/deactivate', [EmissionPointsController, 'deactivate'])
          .as('points.deactivate')
        router
          .post('/emission-points/:id/reactivate', [EmissionPointsController, 'reactivate'])
          .as('points.reactivate')
        router
          .post('/emission-points/:id/next-number', [EmissionPointsController, 'nextNumber'])
          .as('points.next_number')
      })
      .use(middleware.permission({ permission: 'establishments.manage' }))

    // CSV imports (the permission depends on the kind: checked in the controller)
    router
      .group(() => {
        router.get('/new', [ImportsController, 'create']).as('create')
        router.post('/', [ImportsController, 'store']).as('store')
        router.get('/:id', [ImportsController, 'show']).as('show')
        router.post('/:id/start', [ImportsController, 'start']).as('start')
        router.get('/:id/progress', [ImportsController, 'progress']).as('progress')
        router.get('/:id/errors', [ImportsController, 'errors']).as('errors')
      })
      .prefix('/imports')
      .as('imports')
  })
  .prefix('/app')
  .as('app')
  .use([middleware.auth(), middleware.tenant()])

registerNavigation({
  key: 'customers',
  href: '/app/customers',
  permission: 'customers.view',
  order: 20,
})
registerNavigation({
  key: 'products',
  href: '/app/products',
  permission: 'products.view',
  order: 30,
})
registerNavigation({
  key: 'establishments',
  href: '/app/establishments',
  permission: 'establishments.manage',
  order: 60,
})
