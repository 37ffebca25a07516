import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { ParsedPkcs12 } from '#adapters/core/pkcs12'
import tax from '#adapters/core/services/tax'
import { TaxCertificateError } from '#adapters/core/errors'
import { audit, type AuditActor } from '#accounts/audit/audit_service'
import type Tenant from '#tenancy/models/tenant'
import Certificate from '#certificates/models/certificate'
import VaultSecret from '#certificates/models/vault_secret'
import { storeSecret } from '#certificates/vault/secrets'
import { describeCertificate } from '#certificates/certificate_details'
import { CertificateUploadException } from '#certificates/errors'
import { signingCredentials } from '#certificates/signing_credentials'
import { clock } from '#certificates/clock'
import { P12Reader, P12ReadTimeoutException } from '#certificates/p12/p12_reader'

/**
 * The audit row of a refused upload: the reason and the file name, never
 * the file or the password that was tried.
 */
export function recordFailedUpload(
  actor: HttpContext | AuditActor,
  tenant: Tenant,
  error: CertificateUploadException,
  fileName?: string | null
) {
  return audit.record(actor, 'certificate.upload_failed', {
    tenantId: tenant.id,
    entity: 'certificate',
    after: { reason: error.reason, fileName: fileName ?? null },
  })
}

/** Real P12 files are a few kilobytes; anything far bigger is not one. */
export const MAX_P12_BYTES = 100 * 1024

export interface UploadCertificateInput {
  bytes: Buffer
  password: string
  fileName?: string | null
  userId?: number | null
}

export interface UploadCertificateResult {
  certificate: Certificate
  replaced: Certificate | null
}

/**
 * Validates a P12/PFX upload for a company whose country signs locally
 * (credential kind `certificate`) and, only when every
 * check passes, makes it the current certificate in one transaction: the
 * file and password are sealed in the vault, the previous certificate
 * becomes history (its secrets are destroyed) and the audit row is written.
 * Any failure throws CertificateUploadException, records a failed-upload
 * audit row and leaves the stored state exactly as it was.
 *
 * The file is opened in a worker thread (P12Reader), never on the web
 * server's event loop. A self-signed or CA signing certificate is accepted
 * (SRI's test environment takes it) and stored with its
 * `notAccreditedReason`, which the page shows as a warning and a later
 * switch to SRI's production environment refuses.
 */
export default class UploadCertificate {
  async handle(
    actor: HttpContext | AuditActor,
    tenant: Tenant,
    input: UploadCertificateInput
  ): Promise<UploadCertificateResult> {
    let checked: { parsed: ParsedPkcs12; holderTaxId: string }
    try {
      checked = await this.#check(tenant, input)
    } catch (error) {
      if (error instanceof CertificateUploadException) {
        await recordFailedUpload(actor, tenant, error, input.fileName)
      }
      throw error
    }
    const result = await this.#store(actor, tenant, input, checked.parsed, checked.holderTaxId)
    const credentials = await signingCredentials()
    credentials.forget(tenant.id)
    return result
  }

  async #check(tenant: Tenant, input: UploadCertificateInput) {
    const authority = tax.use(tenant.country)
    if (authority.profile.credential !== 'certificate') {
      throw new CertificateUploadException('not_certificate_country')
    }
    if (input.bytes.length === 0) throw new CertificateUploadException('missing_file')
    if (input.bytes.length > MAX_P12_BYTES) {
      throw new CertificateUploadException('too_large', { max: MAX_P12_BYTES / 1024 })
    }

    const now = clock.now()
    const parsed = await this.#parse(input, now)

    // Where a certificate states its holder is the country's rule: its adapter answers.
    const holder = authority.certificateHolder(parsed.certificate, tenant.taxId)
    if (!holder.matches) {
      if (holder.found.length === 0) {
        throw new CertificateUploadException('no_identity', { ruc: tenant.taxId })
      }
      throw new CertificateUploadException('other_ruc', {
        ruc: tenant.taxId,
        found: holder.found.join(', '),
      })
    }
    const holderTaxId = holder.holderTaxId ?? tenant.taxId

    const current = await Certificate.query()
      .where('tenant_id', tenant.id)
      .where('is_current', true)
      .first()
    if (
      current &&
      current.status === 'active' &&
      current.fingerprintSha256 === parsed.fingerprint.sha256
    ) {
      throw new CertificateUploadException('already_active')
    }
    return { parsed, holderTaxId }
  }

  async #parse(input: UploadCertificateInput, now: Date): Promise<ParsedPkcs12> {
    const reader = await app.container.make(P12Reader)
    try {
      return await reader.read(input.bytes, input.password, { at: now })
    } catch (error) {
      if (error instanceof P12ReadTimeoutException) {
        throw new CertificateUploadException('too_slow', {}, { cause: error })
      }
      // (The worker already turns forge's plain errors on malformed files
      // into "not a P12"; anything else is the server's own failure.)
      if (!(error instanceof TaxCertificateError)) throw error
      // The refusal carries what the message needs: the date, the usages, the counts.
      const data: Record<string, string | number> = {}
      for (const [key, value] of Object.entries(error.data)) {
        if (value !== undefined) data[key] = value
      }
      throw new CertificateUploadException(error.reason, data, { cause: error })
    }
  }

  async #store(
    actor: HttpContext | AuditActor,
    tenant: Tenant,
    input: UploadCertificateInput,
    parsed: ParsedPkcs12,
    holderTaxId: string
  ): Promise<UploadCertificateResult> {
    const now = DateTime.fromJSDate(clock.now())
    return db.transaction(async (trx) => {
      // One upload at a time per company: the tenant row is the lock.
      await trx.from('tenants').where('id', tenant.id).forUpdate().select('id')

      const replaced = await Certificate.query({ client: trx })
        .where('tenant_id', tenant.id)
        .where('is_current', true)
        .first()
      const oldSecrets = replaced ? [replaced.p12SecretId, replaced.passwordSecretId] : []
      if (replaced) {
        replaced.useTransaction(trx)
        replaced.merge({
          isCurrent: false,
          status: 'replaced',
          replacedAt: now,
          p12SecretId: null,
          passwordSecretId: null,
        })
        await replaced.save()
        const ids = oldSecrets.filter((id): id is number => typeof id === 'number')
        if (ids.length > 0) {
          await VaultSecret.query({ client: trx })
            .where('tenant_id', tenant.id)
            .whereIn('id', ids)
            .delete()
        }
      }

      const p12 = await storeSecret(tenant.id, 'certificate.p12', input.bytes, trx)
      const password = await storeSecret(tenant.id, 'certificate.password', input.password, trx)
      const details = describeCertificate(parsed)
      const certificate = new Certificate()
      certificate.useTransaction(trx)
      certificate.fill({
        tenantId: tenant.id,
        status: 'active',
        isCurrent: true,
        holderTaxId,
        ...details,
        validFrom: DateTime.fromJSDate(details.validFrom),
        validTo: DateTime.fromJSDate(details.validTo),
        fileName: input.fileName?.slice(0, 255) ?? null,
        notAccreditedReason: parsed.notAccreditedReason,
        p12SecretId: p12.id,
        passwordSecretId: password.id,
        uploadedByUserId: input.userId ?? null,
        decryptCount: 0,
      })
      await certificate.save()

      const summary = (row: Certificate) => ({
        id: row.id,
        holder: row.holderName,
        serial: row.serialHex,
        validTo: row.validTo.toISO(),
        notAccreditedReason: row.notAccreditedReason ?? null,
      })
      await audit.record(actor, replaced ? 'certificate.replaced' : 'certificate.uploaded', {
        tenantId: tenant.id,
        entity: 'certificate',
        entityId: certificate.id,
        before: replaced ? summary(replaced) : null,
        after: summary(certificate),
        client: trx,
      })
      return { certificate, replaced }
    })
  }
}
