import type Certificate from '#certificates/models/certificate'
import type PacCredential from '#certificates/models/pac_credential'
import type Notification from '#certificates/models/notification'
import type { AuthorityEnvironment } from '#tenancy/models/tenant'
import { clock, daysLeft } from '#certificates/clock'
import type { NotAccreditedReason } from '#adapters/core/pkcs12'

export interface CertificateDto {
  id: number
  status: 'active' | 'expired' | 'replaced'
  isCurrent: boolean
  holderName: string
  holderTaxId: string | null
  subject: string
  issuerName: string
  issuer: string
  serialHex: string
  fingerprint: string
  validFrom: string
  validTo: string
  /** Whole days left (0 once expired). */
  daysLeft: number
  fileName: string | null
  /**
   * 'self_signed' or 'ca_certificate' when the certificate is evidently not
   * issued by an accredited entity: fine for SRI's test environment,
   * refused by production. Null for a certificate from a CA.
   */
  notAccreditedReason: NotAccreditedReason | null
  uploadedBy: string | null
  uploadedAt: string
  replacedAt: string | null
  decryptCount: number
  lastDecryptedAt: string | null
}

export function toCertificateDto(row: Certificate, now: Date = clock.now()): CertificateDto {
  const left = daysLeft(row.validTo.toJSDate(), now)
  return {
    id: row.id,
    // A current certificate past its end reads as expired even before the daily job marks it.
    status: row.status === 'active' && left <= 0 ? 'expired' : row.status,
    isCurrent: row.isCurrent,
    holderName: row.holderName,
    holderTaxId: row.holderTaxId,
    subject: row.subject,
    issuerName: row.issuerName,
    issuer: row.issuer,
    serialHex: row.serialHex,
    fingerprint: row.fingerprintSha256,
    validFrom: row.validFrom.toISO()!,
    validTo: row.validTo.toISO()!,
    daysLeft: Math.max(left, 0),
    fileName: row.fileName,
    notAccreditedReason: row.notAccreditedReason ?? null,
    uploadedBy: row.uploadedBy ? (row.uploadedBy.fullName ?? row.uploadedBy.email) : null,
    uploadedAt: row.createdAt.toISO()!,
    replacedAt: row.replacedAt?.toISO() ?? null,
    decryptCount: row.decryptCount,
    lastDecryptedAt: row.lastDecryptedAt?.toISO() ?? null,
  }
}

/** The outcome of "Probar conexión", flashed to the PAC credentials page. */
export interface PacConnectionTestDto {
  environment: AuthorityEnvironment
  status: string
  message: string
}

export interface PacCredentialDto {
  environment: AuthorityEnvironment
  configured: boolean
  updatedAt: string | null
  updatedBy: string | null
}

/** Whether tokens exist for each environment; the tokens themselves never reach a page. */
export function toPacCredentialDtos(rows: PacCredential[]): PacCredentialDto[] {
  return (['test', 'production'] as const).map((environment) => {
    const row = rows.find((item) => item.environment === environment)
    return {
      environment,
      configured: Boolean(row),
      updatedAt: row ? (row.updatedAt ?? row.createdAt).toISO() : null,
      updatedBy: row?.updatedBy ? (row.updatedBy.fullName ?? row.updatedBy.email) : null,
    }
  })
}

export interface NotificationDto {
  id: number
  kind: string
  severity: string
  params: Record<string, string | number>
  link: string | null
  read: boolean
  createdAt: string
}

export function toNotificationDto(row: Notification): NotificationDto {
  return {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    params: row.params,
    link: row.link,
    read: row.readAt !== null,
    createdAt: row.createdAt.toISO()!,
  }
}
