import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import Notification from '#certificates/models/notification'
import { toNotificationDto } from '#certificates/dtos/certificate_dto'

/**
 * The signed-in member's notices in the active company (the bell in the
 * top bar). Scoped by the tenant context and by the user: nobody reads
 * another person's notices.
 */
export default class NotificationsController {
  async index({ auth, response }: HttpContext) {
    const userId = auth.getUserOrFail().id
    const latest = await Notification.query()
      .where('user_id', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(10)
    const unread = await Notification.query()
      .where('user_id', userId)
      .whereNull('read_at')
      .count('* as total')
    return response.send({
      unread: Number(unread[0].$extras.total),
      items: latest.map(toNotificationDto),
    })
  }

  async markAllRead({ auth, response }: HttpContext) {
    await Notification.query()
      .where('user_id', auth.getUserOrFail().id)
      .whereNull('read_at')
      .update({ read_at: DateTime.now().toJSDate() })
    return response.redirect().back()
  }
}
