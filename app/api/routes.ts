/*
|--------------------------------------------------------------------------
| REST API routes (/api/v1)
|--------------------------------------------------------------------------
|
| Authenticated by a company's access token (Authorization: Bearer), never
| by the session; the token's company is the tenant context, so another
| company's id answers 404. Each route names the scopes that let it run.
| Every create takes an Idempotency-Key. The token settings page lives in
| the signed-in area (/app/settings/api).
|
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { registerNavigation } from '#accounts/navigation'
import { recordIdMatcher } from '#core/record_id'

const Customers = () => import('#api/controllers/customers_controller')
const Products = () => import('#api/controllers/products_controller')
const Establishments = () => import('#api/controllers/establishments_controller')
const Documents = () => import('#api/controllers/documents_controller')
const Certificate = () => import('#api/controllers/certificate_controller')
const OpenApi = () => import('#api/controllers/openapi_controller')
const Tokens = () => import('#api/controllers/api_tokens_controller')
const Webhooks = () => import('#api/controllers/webhook_endpoints_controller')

const read = middleware.apiScope({
  scopes: ['documents:read', 'documents:write', 'catalog:write'],
})
const catalogWrite = middleware.apiScope({ scopes: ['catalog:write'] })
const documentsRead = middleware.apiScope({ scopes: ['documents:read', 'documents:write'] })
const documentsWrite = middleware.apiScope({ scopes: ['documents:write'] })
const webhooksRead = middleware.apiScope({ scopes: ['webhooks:read', 'webhooks:write'] })
const webhooksWrite = middleware.apiScope({ scopes: ['webhooks:write'] })
const created = middleware.idempotency()

router.get('/api/v1/openapi.json', [OpenApi, 'document']).as('api.openapi')
router.get('/api/docs', [OpenApi, 'reference']).as('api.reference')

router
  .group(() => {
    router.get('/customers', [Customers, 'index']).as('customers.index').use(read)
    router.get('/customers/:id', [Customers, 'show']).as('customers.show').use(read)
    router
      .post('/customers', [Customers, 'store'])
      .as('customers.store')
      .use([catalogWrite, created])
    router
      .post('/customers/upsert', [Customers, 'upsert'])
      .as('customers.upsert')
      .use([catalogWrite, created])
    router.put('/customers/:id', [Customers, 'update']).as('customers.update').use(catalogWrite)
    router
      .delete('/customers/:id', [Customers, 'destroy'])
      .as('customers.destroy')
      .use(catalogWrite)

    router.get('/products', [Products, 'index']).as('products.index').use(read)
    router.get('/products/:id', [Products, 'show']).as('products.show').use(read)
    router.post('/products', [Products, 'store']).as('products.store').use([catalogWrite, created])
    router
      .post('/products/upsert', [Products, 'upsert'])
      .as('products.upsert')
      .use([catalogWrite, created])
    router.put('/products/:id', [Products, 'update']).as('products.update').use(catalogWrite)
    router.delete('/products/:id', [Products, 'destroy']).as('products.destroy').use(catalogWrite)

    router.get('/establishments', [Establishments, 'index']).as('establishments.index').use(read)
    router.get('/certificate', [Certificate, 'show']).as('certificate.show').use(read)

    router.get('/documents', [Documents, 'index']).as('documents.index').use(documentsRead)
    router.get('/documents/:id', [Documents, 'show']).as('documents.show').use(documentsRead)
    router.get('/documents/:id/xml', [Documents, 'xml']).as('documents.xml').use(documentsRead)
    router.get('/documents/:id/pdf', [Documents, 'pdf']).as('documents.pdf').use(documentsRead)
    router
      .post('/documents', [Documents, 'store'])
      .as('documents.store')
      .use([documentsWrite, created])
    router
      .post('/documents/:id/issue', [Documents, 'issue'])
      .as('documents.issue')
      .use([documentsWrite, created])
    router
      .post('/documents/:id/credit-notes', [Documents, 'creditNote'])
      .as('documents.credit_notes.store')
      .use([documentsWrite, created])

    router
      .get('/webhook-endpoints', [Webhooks, 'index'])
      .as('webhook_endpoints.index')
      .use(webhooksRead)
    router
      .post('/webhook-endpoints', [Webhooks, 'store'])
      .as('webhook_endpoints.store')
      .use([webhooksWrite, created])
    router
      .get('/webhook-endpoints/:id', [Webhooks, 'show'])
      .as('webhook_endpoints.show')
      .use(webhooksRead)
    router
      .put('/webhook-endpoints/:id', [Webhooks, 'update'])
      .as('webhook_endpoints.update')
      .use(webhooksWrite)
    router
      .delete('/webhook-endpoints/:id', [Webhooks, 'destroy'])
      .as('webhook_endpoints.destroy')
      .use(webhooksWrite)
    router
      .post('/webhook-endpoints/:id/rotate-secret', [Webhooks, 'rotate'])
      .as('webhook_endpoints.rotate')
      .use(webhooksWrite)
    router
      .get('/webhook-endpoints/:id/deliveries', [Webhooks, 'deliveries'])
      .as('webhook_endpoints.deliveries')
      .use(webhooksRead)
    router
      .post('/webhook-endpoints/:id/deliveries/:deliveryId/replay', [Webhooks, 'replay'])
      .as('webhook_endpoints.replay')
      .where('deliveryId', recordIdMatcher)
      .use([webhooksWrite, created])
  })
  .prefix('/api/v1')
  .as('api.v1')
  .use([middleware.apiErrors(), middleware.apiAuth()])

router
  .group(() => {
    router.get('/', [Tokens, 'index']).as('index')
    router.post('/', [Tokens, 'store']).as('store')
    router.delete('/:id', [Tokens, 'destroy']).as('destroy')
  })
  .prefix('/app/settings/api')
  .as('app.api_tokens')
  .use([
    middleware.auth(),
    middleware.tenant(),
    middleware.permission({ permission: 'settings.manage' }),
  ])

registerNavigation({
  key: 'api_tokens',
  href: '/app/settings/api',
  permission: 'settings.manage',
  order: 90,
})
