import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { WithTenant } from '#tenancy/with_tenant'
import User from '#accounts/models/user'
import Tenant from '#tenancy/models/tenant'
import type { NotAccreditedReason } from '#adapters/core/pkcs12'

export const CERTIFICATE_STATUSES = ['active', 'expired', 'replaced'] as const
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number]

/**
 * A signing certificate a company uploaded: the details read from it, and
 * references to its sealed file and password (only while it is current).
 */
export default class Certificate extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare status: CertificateStatus

  @column()
  declare isCurrent: boolean

  @column()
  declare holderName: string

  /** The RUC or cédula in the certificate that matched the company's RUC. */
  @column()
  declare holderTaxId: string | null

  @column()
  declare subject: string

  @column()
  declare issuerName: string

  @column()
  declare issuer: string

  @column()
  declare serialHex: string

  @column({ columnName: 'fingerprint_sha256' })
  declare fingerprintSha256: string

  @column.dateTime()
  declare validFrom: DateTime

  @column.dateTime()
  declare validTo: DateTime

  @column()
  declare fileName: string | null

  /**
   * Set when the signing certificate is self-signed or a CA certificate, so
   * evidently not issued by an accredited certification entity: SRI's
   * production environment refuses it, its test environment accepts it.
   * A switch of the company to production must refuse such a certificate.
   */
  @column()
  declare notAccreditedReason: NotAccreditedReason | null

  @column({ columnName: 'p12_secret_id' })
  declare p12SecretId: number | null

  @column()
  declare passwordSecretId: number | null

  @column()
  declare uploadedByUserId: number | null

  @column()
  declare decryptCount: number

  @column.dateTime()
  declare lastDecryptedAt: DateTime | null

  @column.dateTime()
  declare replacedAt: DateTime | null

  @column.dateTime()
  declare expiredAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @belongsTo(() => User, { foreignKey: 'uploadedByUserId' })
  declare uploadedBy: BelongsTo<typeof User>

  @belongsTo(() => Tenant)
  declare tenant: BelongsTo<typeof Tenant>
}
