import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'
import type { SealedSecret } from '#certificates/vault/vault'

/**
 * One sealed secret of a company. The plaintext is never a column: open it
 * with `openSecret` (#certificates/vault/secrets).
 */
export default class VaultSecret extends compose(BaseModel, WithTenant) {
  static table = 'vault_secrets'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare purpose: string

  @column()
  declare keyId: string

  @column()
  declare iv: Buffer

  @column()
  declare tag: Buffer

  @column()
  declare ciphertext: Buffer

  @column()
  declare contentHash: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime()
  declare rotatedAt: DateTime | null

  get sealed(): SealedSecret {
    return {
      keyId: this.keyId,
      iv: this.iv,
      tag: this.tag,
      ciphertext: this.ciphertext,
      contentHash: this.contentHash,
    }
  }
}
