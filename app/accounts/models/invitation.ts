import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { WithTenant } from '#tenancy/with_tenant'
import Tenant from '#tenancy/models/tenant'
import Membership from '#accounts/models/membership'
import type { InvitableRole } from '#accounts/roles'

export type InvitationKind = 'email' | 'code'

/**
 * An invitation to join a company: by e-mail (single use, for that address)
 * or a join code that can be shared until it expires or is revoked. The
 * secret itself is never stored, only its SHA-256 hash.
 */
export default class Invitation extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare kind: InvitationKind

  @column()
  declare email: string | null

  @column()
  declare role: InvitableRole

  @column({ serializeAs: null })
  declare tokenHash: string

  @column()
  declare codeHint: string | null

  @column()
  declare invitedByMembershipId: number | null

  @column()
  declare maxUses: number | null

  @column()
  declare useCount: number

  @column.dateTime()
  declare expiresAt: DateTime

  @column.dateTime()
  declare acceptedAt: DateTime | null

  @column()
  declare acceptedByUserId: number | null

  @column.dateTime()
  declare revokedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @belongsTo(() => Tenant)
  declare tenant: BelongsTo<typeof Tenant>

  @belongsTo(() => Membership, { foreignKey: 'invitedByMembershipId' })
  declare invitedBy: BelongsTo<typeof Membership>

  get isExpired() {
    return this.expiresAt <= DateTime.now()
  }

  get isUsedUp() {
    if (this.kind === 'email') return this.acceptedAt !== null
    return this.maxUses !== null && this.useCount >= this.maxUses
  }

  /** Open = can still be accepted. */
  get isOpen() {
    return !this.revokedAt && !this.isExpired && !this.isUsedUp
  }
}
