import type Stripe from 'stripe'
import type { StripeSettings } from '#config/billing'
import { BillingException } from '#billing/errors'

/** Stripe's default tolerance for a signature's timestamp (replayed old deliveries are refused). */
export const SIGNATURE_TOLERANCE_SECONDS = 300

/** A webhook whose Stripe-Signature does not verify: answered 400, never processed. */
export class WebhookSignatureError extends Error {}

/**
 * Facturo's Stripe: the official SDK client and the webhook signature
 * check, configured once (config/billing.ts) and bound in the container,
 * so tests swap in a client pointed at their own local stand-in.
 *
 * With the local stand-in the SDK is the same; only `host`, `port` and
 * `protocol` point elsewhere, and the API key and webhook secret are the
 * stand-in's.
 *
 * The SDK's class is handed in rather than imported here: the billing
 * provider loads it when the service is first resolved, so processes that
 * never talk to Stripe (queue workers, most ace commands) do not carry it
 * (about 20 MB resident; tests/unit/architecture/boot_weight.spec.ts).
 */
export class StripeService {
  readonly client: Stripe | null

  constructor(
    readonly settings: StripeSettings,
    private readonly sdk: typeof Stripe
  ) {
    this.client =
      settings.mode === 'disabled'
        ? null
        : new sdk(settings.secretKey, {
            appInfo: { name: 'Facturo' },
            maxNetworkRetries: 2,
            timeout: 20_000,
            ...(settings.mode === 'local'
              ? { host: settings.host, port: settings.port, protocol: settings.protocol }
              : {}),
          })
  }

  get mode() {
    return this.settings.mode
  }

  /** The client, or a clear message when billing is not configured (production without keys). */
  clientOrFail(): Stripe {
    if (!this.client) throw new BillingException('billing.errors.not_configured')
    return this.client
  }

  /**
   * The event a webhook delivers, after checking its Stripe-Signature
   * against the raw body with the SDK's `webhooks.constructEvent` (the
   * HMAC-SHA256 of "timestamp.payload" under the endpoint secret, within
   * the tolerance). Throws WebhookSignatureError otherwise.
   */
  verifyEvent(payload: string, signature: string | undefined): Stripe.Event {
    if (!this.settings.webhookSecret) {
      throw new WebhookSignatureError('STRIPE_WEBHOOK_SECRET is not set: no event can be verified')
    }
    if (!signature) throw new WebhookSignatureError('Missing Stripe-Signature header')
    try {
      return this.sdk.webhooks.constructEvent(
        payload,
        signature,
        this.settings.webhookSecret,
        SIGNATURE_TOLERANCE_SECONDS
      )
    } catch (error) {
      throw new WebhookSignatureError((error as Error).message, { cause: error })
    }
  }
}
