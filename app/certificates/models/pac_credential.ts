import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { WithTenant } from '#tenancy/with_tenant'
import User from '#accounts/models/user'
import type { AuthorityEnvironment } from '#tenancy/models/tenant'

/**
 * That a Panama company has PAC tokens for an environment; the tokens are
 * in the vault (`secretId`).
 */
export default class PacCredential extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare environment: AuthorityEnvironment

  @column()
  declare secretId: number

  @column()
  declare updatedByUserId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @belongsTo(() => User, { foreignKey: 'updatedByUserId' })
  declare updatedBy: BelongsTo<typeof User>
}
