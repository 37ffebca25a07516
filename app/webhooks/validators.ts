import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { WEBHOOK_EVENTS } from '#webhooks/events'
import { webhookPolicy } from '#webhooks/policy'
import {
  PrivateTargetError,
  UnresolvableTargetError,
  assertPublicTarget,
} from '#webhooks/target_guard'

/**
 * An endpoint URL Facturo may call: http(s), no credentials in it, and a
 * host that resolves only to public addresses (the SSRF guard,
 * target_guard.ts; the same check runs again at every delivery).
 * Messages: `validator.shared.messages.webhook_url*`.
 */
const publicWebhookUrl = vine.createRule(
  async (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string' || !field.isValid) return
    let url: URL
    try {
      url = new URL(value)
    } catch {
      field.report('The {{ field }} field must be an http(s) URL', 'webhook_url', field)
      return
    }
    if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
      field.report('The {{ field }} field must be an http(s) URL', 'webhook_url', field)
      return
    }
    const policy = await webhookPolicy()
    try {
      await assertPublicTarget(url, policy.allowPrivateTargets)
    } catch (error) {
      if (error instanceof PrivateTargetError) {
        field.report('{{ field }} points at a private address', 'webhook_url_private', field)
      } else if (error instanceof UnresolvableTargetError) {
        field.report('{{ field }} does not resolve', 'webhook_url_unresolvable', field)
      } else {
        throw error
      }
    }
  },
  { isAsync: true }
)

const events = vine.array(vine.enum(WEBHOOK_EVENTS)).minLength(1).distinct()

/** A new endpoint: where, which events, and a note to recognize it. */
export const createEndpointValidator = vine.compile(
  vine.object({
    url: vine.string().trim().maxLength(2000).use(publicWebhookUrl()),
    events,
    description: vine.string().trim().maxLength(200).optional(),
  })
)

/** A change of URL, events or description, or switching it on and off. */
export const updateEndpointValidator = vine.compile(
  vine.object({
    url: vine.string().trim().maxLength(2000).use(publicWebhookUrl()).optional(),
    events: events.clone().optional(),
    description: vine.string().trim().maxLength(200).nullable().optional(),
    enabled: vine.boolean().optional(),
  })
)
