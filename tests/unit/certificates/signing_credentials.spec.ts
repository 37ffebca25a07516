import { test } from '@japa/runner'
import { createPublicKey, createSign, createVerify } from 'node:crypto'
import testUtils from '@adonisjs/core/services/test_utils'
import Certificate from '#certificates/models/certificate'
import VaultSecret from '#certificates/models/vault_secret'
import app from '@adonisjs/core/services/app'
import {
  RECHECK_MS,
  SigningCredentials,
  signingCredentials,
} from '#certificates/signing_credentials'
import {
  CERTIFICATES_PAGE,
  CertificateMissingException,
  E_CERTIFICATE_EXPIRED,
  E_CERTIFICATE_MISSING,
  SigningCertificateException,
} from '#certificates/errors'
import { useClock } from '#certificates/clock'
import { tenantContext } from '#tenancy/tenant_context'
import {
  createEcuadorCompany,
  daysFromNow,
  p12For,
  storeSecretFor,
  uploadCertificateAs,
} from '#tests/helpers/certificates'
import type Tenant from '#tenancy/models/tenant'
import { INSPECT } from '#tests/helpers/tenancy'

async function uploadFor(tenant: Tenant, options: Parameters<typeof p12For>[1] = {}) {
  const p12 = p12For(tenant, options)
  const result = await uploadCertificateAs(tenant, {
    bytes: p12.p12,
    password: p12.password,
  })
  return { p12, certificate: result.certificate }
}

async function decryptCount(id: number) {
  const row = await Certificate.query({ withoutTenantScope: INSPECT }).where('id', id).firstOrFail()
  return row.decryptCount
}

/** The container's service, as issuing resolves it. */
async function loadSigningCredentials(tenantId: number) {
  const credentials = await signingCredentials()
  return credentials.for(tenantId)
}

async function forgetCertificateCredentials(tenantId?: number) {
  const credentials = await signingCredentials()
  credentials.forget(tenantId)
}

test.group('SigningCredentials', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(async () => {
    await forgetCertificateCredentials()
    return async () => {
      useClock(null)
      await forgetCertificateCredentials()
    }
  })

  test('is one container singleton', async ({ assert }) => {
    const first = await app.container.make(SigningCredentials)
    assert.instanceOf(first, SigningCredentials)
    assert.strictEqual(await app.container.make(SigningCredentials), first)
  })

  test('returns a KeyObject that signs, and the signing certificate', async ({ assert }) => {
    const { tenant } = await createEcuadorCompany()
    const { p12 } = await uploadFor(tenant, { encryptionPair: true })

    const credential = await loadSigningCredentials(tenant.id)
    assert.equal(credential.privateKey.type, 'private')
    assert.equal(credential.privateKey.asymmetricKeyType, 'rsa')
    assert.equal(credential.certificate.serial.hex, p12.signer.cert.serialNumber)
    assert.include(credential.certificate.keyUsage, 'digitalSignature')

    const data = Buffer.from('<factura id="comprobante">1.00</factura>')
    const signature = createSign('RSA-SHA1').update(data).sign(credential.privateKey)
    const verified = createVerify('RSA-SHA1')
      .update(data)
      .verify(createPublicKey(credential.certificate.pem), signature)
    assert.isTrue(verified)
  })

  test('decrypts once per cache period and counts each decryption', async ({ assert }) => {
    const { tenant } = await createEcuadorCompany()
    const { certificate } = await uploadFor(tenant)

    const first = await loadSigningCredentials(tenant.id)
    const second = await loadSigningCredentials(tenant.id)
    assert.strictEqual(second, first)
    assert.equal(await decryptCount(certificate.id), 1)

    await forgetCertificateCredentials(tenant.id)
    await loadSigningCredentials(tenant.id)
    const row = await Certificate.query({ withoutTenantScope: INSPECT })
      .where('id', certificate.id)
      .firstOrFail()
    assert.equal(row.decryptCount, 2)
    assert.isNotNull(row.lastDecryptedAt)
  })

  test('a replacement uploaded here is seen at once', async ({ assert }) => {
    const { tenant } = await createEcuadorCompany()
    await uploadFor(tenant)
    const before = await loadSigningCredentials(tenant.id)

    const { p12 } = await uploadFor(tenant, { signer: { keySlot: 'replacement' } })
    const after = await loadSigningCredentials(tenant.id)
    assert.notStrictEqual(after, before)
    assert.equal(after.certificate.serial.hex, p12.signer.cert.serialNumber)
  })

  test('the row is read again after the recheck horizon, the key is not decrypted again', async ({
    assert,
  }) => {
    const { tenant } = await createEcuadorCompany()
    const { certificate } = await uploadFor(tenant)
    const first = await loadSigningCredentials(tenant.id)

    // Unchanged row after the horizon: read again, the parsed credential reused.
    useClock(() => new Date(Date.now() + RECHECK_MS + 1000))
    assert.strictEqual(await loadSigningCredentials(tenant.id), first)
    assert.equal(await decryptCount(certificate.id), 1)

    // Another process stops using the certificate: this cache sees it at the next horizon.
    await Certificate.query({ withoutTenantScope: INSPECT })
      .where('id', certificate.id)
      .update({ is_current: false, status: 'replaced' })
    assert.strictEqual(await loadSigningCredentials(tenant.id), first)
    useClock(() => new Date(Date.now() + 3 * RECHECK_MS))
    await assert.rejects(() => loadSigningCredentials(tenant.id), E_CERTIFICATE_MISSING)
  })

  test('no certificate: E_CERTIFICATE_MISSING pointing at the upload page', async ({ assert }) => {
    const { tenant } = await createEcuadorCompany()
    try {
      await loadSigningCredentials(tenant.id)
      assert.fail('should have thrown')
    } catch (error) {
      assert.instanceOf(error, E_CERTIFICATE_MISSING)
      assert.isTrue(error instanceof SigningCertificateException)
      assert.equal((error as CertificateMissingException).code, 'E_CERTIFICATE_MISSING')
      assert.equal((error as CertificateMissingException).link, CERTIFICATES_PAGE)
      assert.include((error as Error).message, CERTIFICATES_PAGE)
    }
  })

  test('expired certificate: E_CERTIFICATE_EXPIRED, even when cached', async ({ assert }) => {
    const { tenant } = await createEcuadorCompany()
    const { certificate } = await uploadFor(tenant, {
      signer: { notBefore: daysFromNow(-300), notAfter: daysFromNow(5) },
    })
    await loadSigningCredentials(tenant.id)

    useClock(() => daysFromNow(6))
    const error = await loadSigningCredentials(tenant.id).catch((caught) => caught)
    assert.instanceOf(error, E_CERTIFICATE_EXPIRED)
    assert.equal(error.code, 'E_CERTIFICATE_EXPIRED')
    assert.equal(error.link, CERTIFICATES_PAGE)
    assert.equal(error.data.date, certificate.validTo.toUTC().toISODate())
  })

  test('a file swapped between rows is refused', async ({ assert }) => {
    const { tenant } = await createEcuadorCompany()
    const { certificate } = await uploadFor(tenant)
    // Someone with write access to the table points the row at another file of the company.
    const other = p12For(tenant, { signer: { keySlot: 'swapped' } })
    const secret = await storeSecretFor(tenant, 'certificate.p12', other.p12)
    const password = await storeSecretFor(tenant, 'certificate.password', other.password)
    await Certificate.query({ withoutTenantScope: INSPECT })
      .where('id', certificate.id)
      .update({ p12_secret_id: secret.id, password_secret_id: password.id })

    await assert.rejects(() => loadSigningCredentials(tenant.id), /does not match its record/)
    assert.lengthOf(
      await VaultSecret.query({ withoutTenantScope: INSPECT }).where('tenant_id', tenant.id),
      4
    )
  })

  test("inside a company's context, another company's credential is refused", async ({
    assert,
  }) => {
    const a = await createEcuadorCompany()
    const b = await createEcuadorCompany()
    await uploadFor(b.tenant)
    await assert.rejects(
      () => tenantContext.run(a.tenant, () => loadSigningCredentials(b.tenant.id)),
      /another company/
    )
    const own = await tenantContext.run(b.tenant, () => loadSigningCredentials(b.tenant.id))
    assert.equal(own.privateKey.type, 'private')
  })
})
