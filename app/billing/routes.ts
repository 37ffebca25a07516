/*
|--------------------------------------------------------------------------
| Billing routes
|--------------------------------------------------------------------------
|
| /app/billing: the owner's billing page, Checkout, plan change, Customer
| Portal and the return from Checkout (billing.manage, i.e. owners).
| /webhooks/stripe: Stripe's events (no session, no CSRF: the signature is
| the authentication; config/shield.ts exempts /webhooks/).
|
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { registerNavigation } from '#accounts/navigation'

const BillingController = () => import('#billing/controllers/billing_controller')
const StripeWebhooksController = () => import('#billing/controllers/stripe_webhooks_controller')

router
  .group(() => {
    router.get('/', [BillingController, 'show']).as('show')
    router.post('/checkout', [BillingController, 'checkout']).as('checkout')
    router.get('/return', [BillingController, 'return']).as('return')
    router.post('/plan', [BillingController, 'changePlan']).as('plan')
    router.post('/portal', [BillingController, 'portal']).as('portal')
  })
  .prefix('/app/billing')
  .as('app.billing')
  .use([
    middleware.auth(),
    middleware.tenant(),
    middleware.permission({ permission: 'billing.manage' }),
  ])

router.post('/webhooks/stripe', [StripeWebhooksController, 'store']).as('webhooks.stripe')

registerNavigation({
  key: 'billing',
  href: '/app/billing',
  permission: 'billing.manage',
  order: 85,
})
