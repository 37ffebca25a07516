import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, beforeCreate, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import { DbRememberMeTokensProvider } from '@adonisjs/auth/session'
import Membership from '#accounts/models/membership'

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['email'],
  passwordColumnName: 'password',
})

/**
 * A person who signs in. Users are platform-wide (not tenant-scoped): they
 * reach companies through memberships.
 */
export default class User extends compose(BaseModel, AuthFinder) {
  static rememberMeTokens = DbRememberMeTokensProvider.forModel(User)

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare fullName: string | null

  @column()
  declare email: string

  @column({ serializeAs: null })
  declare password: string

  @column()
  declare isSuperAdmin: boolean

  @column.dateTime()
  declare emailVerifiedAt: DateTime | null

  /** Language of the e-mails sent to this user. */
  @column()
  declare locale: string

  @column.dateTime()
  declare lastLoginAt: DateTime | null

  /**
   * Generation of the user's sessions: a session signed in with an older
   * value is refused (app/accounts/auth/session_guard.ts).
   */
  @column({ serializeAs: null })
  declare sessionVersion: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @hasMany(() => Membership)
  declare memberships: HasMany<typeof Membership>

  /** Set here as well as in the table, so a new instance can sign in without a reload. */
  @beforeCreate()
  static firstSessionVersion(user: User) {
    if (user.sessionVersion === undefined) user.sessionVersion = 1
  }

  get displayName() {
    return this.fullName || this.email
  }

  /**
   * Finds a user by e-mail whatever its case (the unique index is on
   * lower(email)).
   */
  static findByEmail(email: string, client?: TransactionClientContract) {
    return this.query({ client }).whereRaw('lower(email) = lower(?)', [email.trim()]).first()
  }
}
