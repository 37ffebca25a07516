/*
|--------------------------------------------------------------------------
| Outgoing webhooks
|--------------------------------------------------------------------------
|
| What app/webhooks reads through `WebhookPolicy` (#webhooks/policy):
|
| - WEBHOOKS_ALLOW_PRIVATE_TARGETS: deliver to private, loopback and
|   link-local addresses. Off by default: a company's endpoint URL must not
|   reach the platform's own network (SSRF). On in the test settings, whose
|   receivers listen on 127.0.0.1.
| - WEBHOOKS_DISABLE_AFTER_FAILURES: consecutive failed attempts after
|   which an endpoint is disabled and its owners are told.
|
*/
import env from '#start/env'

const webhooksConfig = {
  allowPrivateTargets: env.get('WEBHOOKS_ALLOW_PRIVATE_TARGETS', false),
  disableAfterFailures: env.get('WEBHOOKS_DISABLE_AFTER_FAILURES', 15),
  /** How long one delivery waits for the receiver's answer. */
  timeoutMs: 10_000,
}

export default webhooksConfig
export type WebhooksConfig = typeof webhooksConfig
