import type { HttpContext } from '@adonisjs/core/http'
import { audit } from '#accounts/audit/audit_service'
import ReceivableReminderSetting from '#reports/models/receivable_reminder_setting'

export interface ReminderSettingsInput {
  enabled: boolean
  daysAfterDue: number
}

/** The company's reminder settings, with the default until it saves its own (off, 7 days). */
export async function reminderSettings(): Promise<ReminderSettingsInput> {
  const row = await ReceivableReminderSetting.query().first()
  return { enabled: row?.enabled ?? false, daysAfterDue: row?.daysAfterDue ?? 7 }
}

/** Turns the company's reminder e-mails on or off (audited with before and after). */
export default class SaveReminderSettings {
  async handle(ctx: HttpContext, input: ReminderSettingsInput) {
    const before = await reminderSettings()
    await ReceivableReminderSetting.updateOrCreate(
      {},
      { enabled: input.enabled, daysAfterDue: input.daysAfterDue, updatedBy: ctx.auth.user!.id }
    )
    await audit.record(ctx, 'receivables.reminders_updated', {
      // A setting of the company itself.
      entity: 'tenant',
      entityId: ctx.tenant!.id,
      before: { ...before },
      after: { ...input },
    })
  }
}
