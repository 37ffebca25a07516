import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

function toJson(value: unknown) {
  return JSON.stringify(value ?? {})
}

export type NotificationSeverity = 'info' | 'warning' | 'danger'

/**
 * An in-app notice for one member of a company. The text is
 * `ui.certificates.notices.<kind>` formatted with `params` on the client.
 */
export default class Notification extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare kind: string

  @column()
  declare severity: NotificationSeverity

  // pg would send an object as-is; jsonb comes back parsed.
  @column({ prepare: toJson })
  declare params: Record<string, string | number>

  @column()
  declare link: string | null

  @column.dateTime()
  declare readAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
