import type Stripe from 'stripe'
import type Plan from '#billing/models/plan'

/**
 * The Stripe price a plan is sold at. A plan row may name it
 * (`stripe_price_id`, set by the operator for real Stripe); otherwise the
 * price with the lookup key `facturo_<code>_monthly` is used, and created
 * (product included) from the plan's figures when Stripe has none, so the
 * local stand-in and a fresh Stripe test account work with no setup. The
 * id found is remembered on the plan.
 */
export async function ensureStripePrice(client: Stripe, plan: Plan): Promise<string> {
  if (plan.stripePriceId) return plan.stripePriceId
  const found = await client.prices.list({ lookup_keys: [plan.stripeLookupKey], active: true })
  let price = found.data[0]
  if (!price) {
    price = await client.prices.create(
      {
        currency: plan.currency.toLowerCase(),
        unit_amount: plan.unitAmount,
        recurring: { interval: 'month' },
        lookup_key: plan.stripeLookupKey,
        nickname: `Facturo ${plan.name.es}`,
        product_data: { name: `Facturo ${plan.name.es}` },
        metadata: { plan_code: plan.code },
      },
      // Two first checkouts at once create one price.
      { idempotencyKey: `facturo-price-${plan.stripeLookupKey}-${plan.unitAmount}` }
    )
  }
  plan.stripePriceId = price.id
  await plan.save()
  return price.id
}
