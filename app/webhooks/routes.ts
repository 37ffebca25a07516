/*
|--------------------------------------------------------------------------
| Webhook settings (/app/settings/webhooks)
|--------------------------------------------------------------------------
|
| Beside the API tokens, for the members who manage settings. Every id is
| looked up in the company's scope, so another company's id answers 404.
|
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { registerNavigation } from '#accounts/navigation'
import { recordIdMatcher } from '#core/record_id'

const Endpoints = () => import('#webhooks/controllers/webhook_endpoints_controller')

router
  .group(() => {
    router.get('/', [Endpoints, 'index']).as('index')
    router.post('/', [Endpoints, 'store']).as('store')
    router.get('/:id', [Endpoints, 'show']).as('show')
    router.put('/:id', [Endpoints, 'update']).as('update')
    router.delete('/:id', [Endpoints, 'destroy']).as('destroy')
    router.post('/:id/rotate', [Endpoints, 'rotate']).as('rotate')
    router
      .post('/:id/deliveries/:deliveryId/replay', [Endpoints, 'replay'])
      .as('replay')
      .where('deliveryId', recordIdMatcher)
  })
  .prefix('/app/settings/webhooks')
  .as('app.webhooks')
  .use([
    middleware.auth(),
    middleware.tenant(),
    middleware.permission({ permission: 'settings.manage' }),
  ])

registerNavigation({
  key: 'webhooks',
  href: '/app/settings/webhooks',
  permission: 'settings.manage',
  order: 91,
})
