import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import logger from '@adonisjs/core/services/logger'
import { StripeService, WebhookSignatureError } from '#billing/stripe/stripe_service'
import { receiveStripeEvent } from '#billing/actions/handle_stripe_event'

/**
 * POST /webhooks/stripe. The signature is checked against the raw body
 * (before anything is trusted); a bad one is a 400 that Stripe shows in
 * its dashboard. A verified event is answered 200 once processed (or
 * recognised as a replay), 500 when processing failed, so Stripe retries.
 */
@inject()
export default class StripeWebhooksController {
  constructor(protected stripe: StripeService) {}

  async store({ request, response }: HttpContext) {
    const client = this.stripe.client
    // Production without Stripe keys: there is nothing to verify with.
    if (!client) return response.status(503).send({ error: 'billing not configured' })
    let event
    try {
      event = this.stripe.verifyEvent(request.raw() ?? '', request.header('stripe-signature'))
    } catch (error) {
      if (!(error instanceof WebhookSignatureError)) throw error
      logger.warn({ err: error.message, ip: request.ip() }, 'stripe webhook refused')
      return response.status(400).send({ error: 'invalid signature' })
    }
    try {
      const outcome = await receiveStripeEvent(client, event)
      return response.status(200).send({ received: true, ...outcome })
    } catch {
      return response.status(500).send({ received: false })
    }
  }
}
