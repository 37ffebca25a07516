import { createTestP12, type TestP12Options } from '#adapters/core/testing/certificates'
import type Tenant from '#tenancy/models/tenant'
import { createCompany } from '#tests/helpers/accounts'
import { tenantContext } from '#tenancy/tenant_context'
import UploadCertificate from '#certificates/actions/upload_certificate'
import { storeSecret, type SecretPurpose } from '#certificates/vault/secrets'
import type { Role } from '#accounts/roles'
import type User from '#accounts/models/user'

const DAY = 86_400_000

/**
 * An Ecuador company with a company RUC (third digit 9, so only the RUC
 * itself proves ownership) and one member.
 */
export async function createEcuadorCompany(role: Role = 'OWNER') {
  const seed = `${Date.now()}${Math.floor(Math.random() * 1000)}`.slice(-7)
  return createCompany(role, { country: 'EC', taxId: `179${seed}001` })
}

/**
 * A P12 for the company: its RUC in the certificate (new-profile subject
 * by default), valid from 30 days ago for a year unless told otherwise.
 */
export function p12For(tenant: Tenant, options: TestP12Options = {}) {
  return createTestP12({
    ...options,
    signer: {
      ruc: tenant.taxId,
      cedula: '1710034065',
      commonName: 'MARIA JOSE PEREZ',
      ...options.signer,
    },
  })
}

export function daysFromNow(days: number) {
  return new Date(Date.now() + days * DAY)
}

export const CERTIFICATES_PAGE = '/app/settings/certificates'

export interface UploadCertificateOptions {
  fileName?: string
  locale?: string
}

/** The certificates page's form: the file and its password, multipart. */
export function uploadCertificate(
  client: any,
  user: User,
  bytes: Buffer | null,
  password: string,
  options: UploadCertificateOptions = {}
) {
  const request = client
    .post(CERTIFICATES_PAGE)
    .loginAs(user)
    .withCsrfToken()
    .redirects(0)
    .header('referer', CERTIFICATES_PAGE)
    .header('accept-language', options.locale ?? 'es')
    .field('password', password)
  if (bytes) request.file('certificate', bytes, { filename: options.fileName ?? 'firma.p12' })
  return request
}

/** Uploads a certificate as the company, the way its upload page does (inside its context). */
export function uploadCertificateAs(
  tenant: Tenant,
  file: { bytes: Buffer; password: string; fileName?: string }
) {
  return tenantContext.run(tenant, () =>
    new UploadCertificate().handle({ tenantId: tenant.id }, tenant, file)
  )
}

/** Seals a secret for the company, inside its context. */
export function storeSecretFor(tenant: Tenant, purpose: SecretPurpose, value: string | Buffer) {
  return tenantContext.run(tenant, () => storeSecret(tenant.id, purpose, value))
}
