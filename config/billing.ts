/*
|--------------------------------------------------------------------------
| Billing
|--------------------------------------------------------------------------
|
| Trial and grace periods, and where the Stripe SDK sends its requests:
|
| - STRIPE_SECRET_KEY set: Stripe itself (live or test mode, by the key),
|   with STRIPE_WEBHOOK_SECRET verifying the webhook signatures;
| - unset outside production: the local Stripe stand-in at
|   STRIPE_LOCAL_URL (`npm start` runs it), with its own fixed test key and
|   webhook secret;
| - unset in production: billing is off (pages say so), never the stand-in.
|
*/
import env from '#start/env'
import app from '@adonisjs/core/services/app'

/** The stand-in's API key and webhook secret. Not secrets: they only open the local stand-in. */
export const LOCAL_STRIPE_SECRET_KEY = 'sk_test_facturo_local_standin'
export const LOCAL_STRIPE_WEBHOOK_SECRET = 'whsec_facturo_local_standin'
export const DEFAULT_LOCAL_STRIPE_URL = 'http://127.0.0.1:12111'

export type StripeMode = 'stripe' | 'local' | 'disabled'

export interface StripeSettings {
  mode: StripeMode
  secretKey: string
  webhookSecret: string
  /** Only for the stand-in: where the SDK connects. */
  host?: string
  port?: number
  protocol?: 'http' | 'https'
}

export function stripeSettings(values: {
  secretKey?: string
  webhookSecret?: string
  localUrl?: string
  production: boolean
}): StripeSettings {
  if (values.secretKey) {
    return {
      mode: 'stripe',
      secretKey: values.secretKey,
      webhookSecret: values.webhookSecret ?? '',
    }
  }
  if (values.production) return { mode: 'disabled', secretKey: '', webhookSecret: '' }
  const url = new URL(values.localUrl || DEFAULT_LOCAL_STRIPE_URL)
  return {
    mode: 'local',
    secretKey: LOCAL_STRIPE_SECRET_KEY,
    webhookSecret: LOCAL_STRIPE_WEBHOOK_SECRET,
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
  }
}

const billingConfig = {
  /** Length of the trial a new company gets, in days. */
  trialDays: env.get('BILLING_TRIAL_DAYS', 14),
  /** Days a company keeps issuing after a failed payment before it is suspended. */
  graceDays: env.get('BILLING_GRACE_DAYS', 7),
  /** Base URL of the local stand-in (also its pages, as the browser reaches them). */
  localStripeUrl: env.get('STRIPE_LOCAL_URL') || DEFAULT_LOCAL_STRIPE_URL,
  stripe: stripeSettings({
    secretKey: env.get('STRIPE_SECRET_KEY') || undefined,
    webhookSecret: env.get('STRIPE_WEBHOOK_SECRET') || undefined,
    localUrl: env.get('STRIPE_LOCAL_URL') || undefined,
    production: app.inProduction,
  }),
}

export default billingConfig
