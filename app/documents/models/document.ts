import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import type {
  Buyer,
  DocumentTechnicalDetails,
  DocumentType,
  NamedValue,
  TaxEnvironment,
} from '#adapters/core/types'
import { WithTenant } from '#tenancy/with_tenant'
import Customer from '#catalog/models/customer'
import Establishment from '#catalog/models/establishment'
import EmissionPoint from '#catalog/models/emission_point'
import DocumentLine from '#documents/models/document_line'
import DocumentTax from '#documents/models/document_tax'
import DocumentPayment from '#documents/models/document_payment'
import DocumentEvent from '#documents/models/document_event'
import type { DocumentStatus } from '#documents/state_machine'

/** delivered and opened: as the authority reports its own e-mails (sent with it). */
export type EmailStatus = 'none' | 'queued' | 'sent' | 'delivered' | 'opened' | 'failed'

const json = {
  prepare: (value: unknown) => JSON.stringify(value ?? null),
}

/** An invoice or a credit note of a company. */
export default class Document extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare type: DocumentType

  @column()
  declare status: DocumentStatus

  @column()
  declare customerId: number | null

  @column()
  declare establishmentId: number

  @column()
  declare emissionPointId: number

  /** Credit notes: the invoice they modify. */
  @column()
  declare referencedDocumentId: number | null

  @column()
  declare environment: TaxEnvironment

  @column.date()
  declare issueDate: DateTime

  @column()
  declare currency: string

  @column()
  declare sequential: number | null

  /** "001-001-000000123" once issued. */
  @column()
  declare number: string | null

  /** The 49-digit clave de acceso once issued. */
  @column()
  declare accessKey: string | null

  @column(json)
  declare buyer: Buyer

  @column(json)
  declare additionalInfo: NamedValue[]

  /** Credit notes: the reason (motivo). */
  @column()
  declare reason: string | null

  /** What the builder reported about the figures (format, tax rounding); null before issuing. */
  @column(json)
  declare technicalDetails: DocumentTechnicalDetails | null

  @column()
  declare subtotal: string

  @column()
  declare discountTotal: string

  @column()
  declare taxTotal: string

  @column()
  declare tip: string

  @column()
  declare total: string

  @column({ serializeAs: null })
  declare signedXml: string | null

  /** The comprobante as the authority returned it on authorization (SRI: the CDATA content). */
  @column({ serializeAs: null })
  declare authorizedXml: string | null

  /** The authority's authorization record (SRI `<autorizacion>`): the XML with tax validity. */
  @column({ serializeAs: null })
  declare authorizationXml: string | null

  @column()
  declare authorizationNumber: string | null

  @column.dateTime()
  declare authorizedAt: DateTime | null

  @column.dateTime()
  declare signedAt: DateTime | null

  /** When the authority voided the (authorized) document, and the reason given. */
  @column.dateTime()
  declare voidedAt: DateTime | null

  @column()
  declare voidReason: string | null

  /** The authority's verification URL (printed as a QR) and protocol number, where it gives them. */
  @column()
  declare verificationUrl: string | null

  @column()
  declare protocolNumber: string | null

  @column()
  declare idempotencyKey: string | null

  /** SHA-256 of the request that used the idempotency key. */
  @column({ serializeAs: null })
  declare requestFingerprint: string | null

  @column()
  declare emailStatus: EmailStatus

  @column.dateTime()
  declare emailedAt: DateTime | null

  @column()
  declare emailError: string | null

  /** Who sent the last customer e-mail: Facturo's mail or the authority (which can track it). */
  @column()
  declare emailVia: 'facturo' | 'authority' | null

  /** Seeded demo data, never sent to an authority. */
  @column()
  declare isDemo: boolean

  @column()
  declare createdBy: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @belongsTo(() => Customer)
  declare customer: BelongsTo<typeof Customer>

  @belongsTo(() => Establishment)
  declare establishment: BelongsTo<typeof Establishment>

  @belongsTo(() => EmissionPoint)
  declare emissionPoint: BelongsTo<typeof EmissionPoint>

  @belongsTo(() => Document, { foreignKey: 'referencedDocumentId' })
  declare referencedDocument: BelongsTo<typeof Document>

  @hasMany(() => Document, { foreignKey: 'referencedDocumentId' })
  declare creditNotes: HasMany<typeof Document>

  @hasMany(() => DocumentLine)
  declare lines: HasMany<typeof DocumentLine>

  @hasMany(() => DocumentTax)
  declare taxes: HasMany<typeof DocumentTax>

  @hasMany(() => DocumentPayment)
  declare payments: HasMany<typeof DocumentPayment>

  @hasMany(() => DocumentEvent)
  declare events: HasMany<typeof DocumentEvent>
}
