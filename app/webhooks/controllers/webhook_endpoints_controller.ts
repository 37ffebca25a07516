import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import WebhookEndpoint from '#webhooks/models/webhook_endpoint'
import WebhookDelivery from '#webhooks/models/webhook_delivery'
import { WEBHOOK_EVENTS } from '#webhooks/events'
import { createEndpointValidator, updateEndpointValidator } from '#webhooks/validators'
import { endpointDto } from '#webhooks/dtos/webhook_dtos'
import { deliveryLog } from '#webhooks/queries'
import CreateWebhookEndpoint from '#webhooks/actions/create_webhook_endpoint'
import UpdateWebhookEndpoint from '#webhooks/actions/update_webhook_endpoint'
import DeleteWebhookEndpoint from '#webhooks/actions/delete_webhook_endpoint'
import RotateWebhookSecret from '#webhooks/actions/rotate_webhook_secret'
import ReplayWebhookDelivery from '#webhooks/actions/replay_webhook_delivery'

/** Where a new or rotated secret travels to the page, once (the flash of one redirect). */
const SECRET_FLASH = 'newWebhookSecret'
/** The delivery log shows the latest deliveries of an endpoint. */
const LOG_SIZE = 50

/** The company's webhook endpoints (settings, beside the API tokens). */
@inject()
export default class WebhookEndpointsController {
  constructor(
    private readonly creating: CreateWebhookEndpoint,
    private readonly updating: UpdateWebhookEndpoint,
    private readonly deleting: DeleteWebhookEndpoint,
    private readonly rotating: RotateWebhookSecret,
    private readonly replaying: ReplayWebhookDelivery
  ) {}

  async index({ inertia, session }: HttpContext) {
    const endpoints = await WebhookEndpoint.query().orderBy('id')
    return inertia.render('webhooks/index', {
      endpoints: endpoints.map(endpointDto),
      events: [...WEBHOOK_EVENTS],
      newSecret: (session.flashMessages.get(SECRET_FLASH) as NewSecret | undefined) ?? null,
    })
  }

  async show({ inertia, params, session }: HttpContext) {
    const endpoint = await WebhookEndpoint.findOrFail(params.id)
    const deliveries = await WebhookDelivery.query()
      .where('endpoint_id', endpoint.id)
      .orderBy('id', 'desc')
      .limit(LOG_SIZE)
    return inertia.render('webhooks/show', {
      endpoint: endpointDto(endpoint),
      events: [...WEBHOOK_EVENTS],
      deliveries: await deliveryLog(deliveries),
      newSecret: (session.flashMessages.get(SECRET_FLASH) as NewSecret | undefined) ?? null,
    })
  }

  async store(ctx: HttpContext) {
    const { request, response, session, i18n, tenant } = ctx
    const input = await request.validateUsing(createEndpointValidator, {
      messagesProvider: i18n.createMessagesProvider(),
    })
    const { endpoint, secret } = await this.creating.handle(ctx, tenant!, input)
    session.flash(SECRET_FLASH, { endpointId: endpoint.id, value: secret } satisfies NewSecret)
    session.flash('success', i18n.t('webhooks.flash.created', { url: endpoint.url }))
    return response.redirect().toRoute('app.webhooks.show', { id: endpoint.id })
  }

  async update(ctx: HttpContext) {
    const { request, response, session, i18n, params } = ctx
    const input = await request.validateUsing(updateEndpointValidator, {
      messagesProvider: i18n.createMessagesProvider(),
    })
    await this.updating.handle(ctx, params.id, input)
    session.flash('success', i18n.t('webhooks.flash.updated'))
    return response.redirect().toRoute('app.webhooks.show', { id: params.id })
  }

  async destroy(ctx: HttpContext) {
    const { response, session, i18n, params } = ctx
    const endpoint = await this.deleting.handle(ctx, params.id)
    session.flash('success', i18n.t('webhooks.flash.deleted', { url: endpoint.url }))
    return response.redirect().toRoute('app.webhooks.index')
  }

  async rotate(ctx: HttpContext) {
    const { response, session, i18n, params } = ctx
    const { endpoint, secret } = await this.rotating.handle(ctx, params.id)
    session.flash(SECRET_FLASH, { endpointId: endpoint.id, value: secret } satisfies NewSecret)
    session.flash('success', i18n.t('webhooks.flash.rotated'))
    return response.redirect().toRoute('app.webhooks.show', { id: endpoint.id })
  }

  async replay(ctx: HttpContext) {
    const { response, session, i18n, params } = ctx
    await this.replaying.handle(ctx, params.id, params.deliveryId)
    session.flash('success', i18n.t('webhooks.flash.replayed'))
    return response.redirect().toRoute('app.webhooks.show', { id: params.id })
  }
}

interface NewSecret {
  endpointId: number
  value: string
}
