import type { HttpContext } from '@adonisjs/core/http'
import { audit } from '#accounts/audit/audit_service'
import { AdminException } from '#admin/errors'
import { alertInbox } from '#admin/alerts/inbox'

/**
 * Marks an alert of the inbox as dealt with. Only an alert the inbox
 * shows can be acknowledged (the key is checked against it); doing it
 * twice changes nothing.
 */
export async function acknowledgeAlert(ctx: HttpContext, key: string, note: string | null) {
  const inbox = await alertInbox()
  const alert = inbox.find((item) => item.key === key)
  if (!alert) throw new AdminException('admin.errors.unknown_alert')
  if (alert.acknowledged) return alert
  await audit.transaction(ctx, async (trx, record) => {
    await trx
      .insertQuery()
      .table('admin_alert_acknowledgements')
      .insert({ alert_key: key, user_id: ctx.auth.user!.id, note, created_at: new Date() })
      .knexQuery.onConflict(['alert_key'])
      .ignore()
    await record('admin.alert_acknowledged', {
      tenantId: alert.company?.id ?? null,
      entity: 'alert',
      entityId: key,
      after: { kind: alert.kind, note },
    })
  })
  return alert
}
