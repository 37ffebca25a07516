import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { WithOptionalTenant } from '#tenancy/with_tenant'
import User from '#accounts/models/user'

function toJson(value: unknown) {
  return value === null || value === undefined ? null : JSON.stringify(value)
}

/**
 * One audited action. Tenant-bound rows are scoped like any tenant model;
 * platform events (sign-in attempts, super-admin actions) have no tenant.
 * The table is append-only (a trigger refuses UPDATE and DELETE).
 */
export default class AuditLog extends compose(BaseModel, WithOptionalTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number | null

  @column()
  declare action: string

  @column()
  declare entity: string | null

  @column()
  declare entityId: string | null

  // pg would send a JS array as a PostgreSQL array, so JSON is written
  // explicitly; jsonb comes back already parsed.
  @column({ prepare: toJson })
  declare before: Record<string, unknown> | null

  @column({ prepare: toJson })
  declare after: Record<string, unknown> | null

  @column()
  declare ip: string | null

  @column()
  declare userAgent: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>
}
