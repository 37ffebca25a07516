import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import WebhookEndpoint from '#webhooks/models/webhook_endpoint'
import WebhookDelivery from '#webhooks/models/webhook_delivery'
import { createEndpointValidator, updateEndpointValidator } from '#webhooks/validators'
import { endpointDto } from '#webhooks/dtos/webhook_dtos'
import { deliveryLog } from '#webhooks/queries'
import CreateWebhookEndpoint from '#webhooks/actions/create_webhook_endpoint'
import UpdateWebhookEndpoint from '#webhooks/actions/update_webhook_endpoint'
import DeleteWebhookEndpoint from '#webhooks/actions/delete_webhook_endpoint'
import RotateWebhookSecret from '#webhooks/actions/rotate_webhook_secret'
import ReplayWebhookDelivery from '#webhooks/actions/replay_webhook_delivery'
import { cursorPage } from '#api/pagination'

/**
 * The company's webhook endpoints over the API, for an integration that
 * manages them without the settings page: the page's validators (SSRF
 * guard included), actions and audit records. A signing secret is in the
 * answer of the create and of a rotation only; an Idempotency-Key replay
 * of the create answers `secret: null` (the secret is never stored in
 * clear, not even with the key).
 */
@inject()
export default class ApiWebhookEndpointsController {
  constructor(
    private readonly creating: CreateWebhookEndpoint,
    private readonly updating: UpdateWebhookEndpoint,
    private readonly deleting: DeleteWebhookEndpoint,
    private readonly rotating: RotateWebhookSecret,
    private readonly replaying: ReplayWebhookDelivery
  ) {}

  async index({ request }: HttpContext) {
    const { rows, nextCursor } = await cursorPage(WebhookEndpoint.query(), request.qs())
    return { data: rows.map(endpointDto), nextCursor }
  }

  async show({ params }: HttpContext) {
    return { data: endpointDto(await WebhookEndpoint.findOrFail(params.id)) }
  }

  async store(ctx: HttpContext) {
    const { request, response, i18n, tenant } = ctx
    const input = await request.validateUsing(createEndpointValidator, {
      messagesProvider: i18n.createMessagesProvider(),
    })
    const { endpoint, secret } = await this.creating.handle(ctx, tenant!, input)
    const data = endpointDto(endpoint)
    ctx.idempotentAnswer = { data, secret: null }
    return response.status(201).send({ data, secret })
  }

  async update(ctx: HttpContext) {
    const { request, i18n, params } = ctx
    await WebhookEndpoint.findOrFail(params.id)
    const input = await request.validateUsing(updateEndpointValidator, {
      messagesProvider: i18n.createMessagesProvider(),
    })
    return { data: endpointDto(await this.updating.handle(ctx, params.id, input)) }
  }

  async destroy(ctx: HttpContext) {
    return { data: endpointDto(await this.deleting.handle(ctx, ctx.params.id)) }
  }

  /** A new secret; the previous one keeps signing beside it for the overlap. */
  async rotate(ctx: HttpContext) {
    const { endpoint, secret } = await this.rotating.handle(ctx, ctx.params.id)
    return { data: endpointDto(endpoint), secret }
  }

  /** The endpoint's delivery log, newest first, with every attempt. */
  async deliveries({ params, request }: HttpContext) {
    const endpoint = await WebhookEndpoint.findOrFail(params.id)
    const { rows, nextCursor } = await cursorPage(
      WebhookDelivery.query().where('endpoint_id', endpoint.id),
      request.qs()
    )
    return { data: await deliveryLog(rows), nextCursor }
  }

  /** Sends a delivery again as a new delivery of the same event. */
  async replay(ctx: HttpContext) {
    const { params, response } = ctx
    const replay = await this.replaying.handle(ctx, params.id, params.deliveryId)
    const [data] = await deliveryLog([replay])
    return response.status(201).send({ data })
  }
}
