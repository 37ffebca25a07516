import app from '@adonisjs/core/services/app'
import type { WebhooksConfig } from '#config/webhooks'

/**
 * The delivery rules (config/webhooks.ts), resolved from the container so
 * a test can swap them: `app.container.swap(WebhookPolicy, () => new
 * WebhookPolicy({ allowPrivateTargets: false }))`.
 */
export class WebhookPolicy {
  readonly allowPrivateTargets: boolean
  readonly disableAfterFailures: number
  readonly timeoutMs: number

  constructor(overrides: Partial<WebhooksConfig> = {}) {
    const config = { ...app.config.get<WebhooksConfig>('webhooks'), ...overrides }
    this.allowPrivateTargets = config.allowPrivateTargets
    this.disableAfterFailures = config.disableAfterFailures
    this.timeoutMs = config.timeoutMs
  }
}

export function webhookPolicy(): Promise<WebhookPolicy> {
  return app.container.make(WebhookPolicy)
}
