import { DateTime } from 'luxon'
import { createHash, randomBytes } from 'node:crypto'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#accounts/models/user'

export type UserTokenPurpose = 'password_reset' | 'email_verification'

export function hashToken(token: string) {
  return createHash('sha256').update(token).digest('hex')
}

/**
 * A one-time token mailed to a user. The plain token only exists in the
 * link; the table keeps its hash, so a database leak reveals no usable link.
 */
export default class UserToken extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare purpose: UserTokenPurpose

  @column({ serializeAs: null })
  declare tokenHash: string

  @column.dateTime()
  declare expiresAt: DateTime

  @column.dateTime()
  declare usedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>

  /** Creates a token and returns the plain value for the link. */
  static async issue(user: User, purpose: UserTokenPurpose, validFor: { hours: number }) {
    const token = randomBytes(32).toString('base64url')
    await this.create({
      userId: user.id,
      purpose,
      tokenHash: hashToken(token),
      expiresAt: DateTime.now().plus(validFor),
    })
    return token
  }

  /** The token row for a plain token, whatever its state (or null). */
  static findByToken(token: string, purpose: UserTokenPurpose) {
    return this.query().where('token_hash', hashToken(token)).where('purpose', purpose).first()
  }

  get isUsable() {
    return !this.usedAt && this.expiresAt > DateTime.now()
  }
}
