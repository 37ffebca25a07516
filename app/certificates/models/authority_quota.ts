import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'
import type { AuthorityEnvironment } from '#tenancy/models/tenant'
import type { LocalizedText } from '#adapters/core/types'

function toJson(value: unknown) {
  return value === null || value === undefined ? null : JSON.stringify(value)
}

/**
 * The latest quota reading of a company with its authority or PAC (HKA
 * folios) for one environment. Written only by `refreshQuota`
 * (#certificates/quota/refresh_quota); read by the dashboard, the
 * credentials page and the console.
 */
export default class AuthorityQuota extends compose(BaseModel, WithTenant) {
  static table = 'authority_quotas'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare environment: AuthorityEnvironment

  /** Left in the current period; null until a reading succeeded. */
  @column()
  declare available: number | null

  @column()
  declare used: number | null

  /** Granted for the current period, when the authority says. */
  @column()
  declare total: number | null

  @column.date()
  declare periodFrom: DateTime | null

  @column.date()
  declare periodTo: DateTime | null

  @column()
  declare licenceCode: string | null

  @column()
  declare licenceTotal: number | null

  @column.date()
  declare licenceFrom: DateTime | null

  @column.date()
  declare licenceTo: DateTime | null

  @column.dateTime()
  declare checkedAt: DateTime | null

  @column.dateTime()
  declare attemptedAt: DateTime | null

  @column({ prepare: toJson })
  declare lastError: LocalizedText | null

  @column.dateTime()
  declare lastErrorAt: DateTime | null

  /** Low alerts already sent for the current low spell: 20, 5 and 0 (folios left). */
  @column()
  declare alertedThresholds: number[]

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** Share of the period's quota still left, 0–100 (one decimal), when the total is known. */
  get percentLeft(): number | null {
    if (this.available === null || !this.total) return null
    return Math.round((this.available / this.total) * 1000) / 10
  }
}
