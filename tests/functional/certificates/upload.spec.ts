import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import AuditLog from '#accounts/models/audit_log'
import Certificate from '#certificates/models/certificate'
import VaultSecret from '#certificates/models/vault_secret'
import { createTestCa } from '#adapters/core/testing/certificates'
import { parseCertificate } from '#adapters/core/pkcs12'
import type Tenant from '#tenancy/models/tenant'
import type User from '#accounts/models/user'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import {
  CERTIFICATES_PAGE,
  createEcuadorCompany,
  daysFromNow,
  p12For,
  uploadCertificate,
} from '#tests/helpers/certificates'
import { INSPECT } from '#tests/helpers/tenancy'
import { withoutTenantScope } from '#tenancy/tenant_context'

const PAGE = CERTIFICATES_PAGE
const upload = uploadCertificate

/** An upload that must succeed. */
async function expectStored(client: any, user: User, bytes: Buffer, password: string) {
  const response = await upload(client, user, bytes, password)
  response.assertStatus(302)
  const flashed = response.flashMessages()
  if (!flashed.success) throw new Error(`upload refused: ${JSON.stringify(flashed.errorsBag)}`)
  return response
}

/** Everything stored about a company's certificates and secrets. */
function storedState(tenant: Tenant) {
  return withoutTenantScope(INSPECT, () => readState(tenant))
}

async function readState(tenant: Tenant) {
  const certificates = await db
    .from('certificates')
    .where('tenant_id', tenant.id)
    .orderBy('id')
    .select('id', 'status', 'is_current', 'fingerprint_sha256', 'p12_secret_id', 'updated_at')
  const secrets = await db
    .from('vault_secrets')
    .where('tenant_id', tenant.id)
    .orderBy('id')
    .select('id', 'key_id', 'content_hash')
  return { certificates, secrets }
}

function fieldError(response: any, field: string): string | undefined {
  return response.flashMessages()?.errorsBag?.[field]
}

test.group('Certificate upload', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a valid certificate is stored encrypted and shown with its details', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createEcuadorCompany('OWNER')
    const p12 = p12For(tenant)

    const response = await upload(client, user, p12.p12, p12.password)
    response.assertStatus(302)
    response.assertHeader('location', PAGE)
    assert.match(response.flashMessages().success, /^Certificado cargado: MARIA JOSE PEREZ/)

    const certificate = await Certificate.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    assert.isTrue(certificate.isCurrent)
    assert.equal(certificate.status, 'active')
    assert.equal(certificate.holderTaxId, tenant.taxId)
    assert.equal(certificate.fileName, 'firma.p12')
    assert.equal(certificate.uploadedByUserId, user.id)

    const secrets = await VaultSecret.query({ withoutTenantScope: INSPECT }).where(
      'tenant_id',
      tenant.id
    )
    assert.sameMembers(
      secrets.map((row) => row.purpose),
      ['certificate.p12', 'certificate.password']
    )
    for (const secret of secrets) {
      assert.notInclude(secret.ciphertext.toString('latin1'), p12.password)
      assert.notInclude(
        secret.ciphertext.toString('hex'),
        p12.p12.subarray(100, 140).toString('hex')
      )
    }

    const page = await client.get(PAGE).loginAs(user).withInertia()
    page.assertInertiaComponent('certificates/index')
    const current = page.inertiaProps.current as Record<string, any>
    assert.equal(current.holderName, 'MARIA JOSE PEREZ')
    assert.equal(current.issuerName, 'AUTORIDAD DE CERTIFICACION FACTURO PRUEBAS')
    assert.equal(current.serialHex, p12.signer.cert.serialNumber)
    assert.equal(current.validTo, certificate.validTo.toISO())
    assert.closeTo(current.daysLeft, 365, 1)
    assert.equal(current.status, 'active')
    assert.notProperty(current, 'p12SecretId')
    assert.notInclude(JSON.stringify(page.inertiaProps), p12.password)

    const logged = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('action', 'certificate.uploaded')
      .firstOrFail()
    assert.equal(logged.entityId, String(certificate.id))
    assert.equal(logged.userId, user.id)
  })

  test('each bad file ends in its own message and changes nothing', async ({ client, assert }) => {
    const { tenant, user } = await createEcuadorCompany('ADMIN')
    // An active certificate exists: a bad upload must never replace it.
    const good = p12For(tenant)
    await expectStored(client, user, good.p12, good.password)
    const before = await storedState(tenant)
    assert.lengthOf(before.certificates, 1)

    const other = await createEcuadorCompany('OWNER')
    const cases: Array<{
      name: string
      bytes: Buffer | null
      password: string
      field: string
      message: RegExp
      reason: string
    }> = [
      {
        name: 'expired',
        bytes: p12For(tenant, {
          signer: { notBefore: daysFromNow(-400), notAfter: daysFromNow(-2) },
        }).p12,
        password: good.password,
        field: 'certificate',
        message: /^El certificado caducó el \d{4}-\d{2}-\d{2}\. Renueva/,
        reason: 'expired',
      },
      {
        name: 'not yet valid',
        bytes: p12For(tenant, {
          signer: { notBefore: daysFromNow(10), notAfter: daysFromNow(400) },
        }).p12,
        password: good.password,
        field: 'certificate',
        message: /^El certificado todavía no es válido: su vigencia empieza el \d{4}/,
        reason: 'not_yet_valid',
      },
      {
        name: 'wrong password',
        bytes: good.p12,
        password: 'no-es-la-clave',
        field: 'password',
        message: /^La contraseña del certificado no es correcta/,
        reason: 'wrong_password',
      },
      {
        name: 'not a PKCS#12 file',
        bytes: Buffer.from(good.signer.pem),
        password: good.password,
        field: 'certificate',
        message: /^El archivo no es un certificado de firma electrónica PKCS#12/,
        reason: 'not_pkcs12',
      },
      {
        name: 'random bytes',
        bytes: randomBytes(3000),
        password: good.password,
        field: 'certificate',
        message: /^El archivo no es un certificado de firma electrónica PKCS#12/,
        reason: 'not_pkcs12',
      },
      {
        name: 'no private key',
        bytes: p12For(tenant, { withoutKeys: true }).p12,
        password: good.password,
        field: 'certificate',
        message: /^El archivo no contiene la clave privada/,
        reason: 'no_private_key',
      },
      {
        name: 'no signing usage',
        bytes: p12For(tenant, { signer: { keyUsage: ['keyEncipherment', 'dataEncipherment'] } })
          .p12,
        password: good.password,
        field: 'certificate',
        message:
          /^El certificado de la clave privada del archivo no permite firmar \(le falta el uso «firma digital» o «no repudio»; sus usos son: keyEncipherment, dataEncipherment\)/,
        reason: 'no_signing_certificate',
      },
      {
        name: 'a key without its certificate',
        bytes: p12For(tenant, { omitSignerCertificate: true }).p12,
        password: good.password,
        field: 'certificate',
        message: /^El archivo no contiene el certificado que corresponde a su clave privada/,
        reason: 'key_mismatch',
      },
      {
        name: 'ten million iterations',
        bytes: p12For(tenant, { claimedIterations: { mac: 10_000_000 } }).p12,
        password: good.password,
        field: 'certificate',
        message:
          /^El archivo pide 10\.000\.000 iteraciones para derivar sus claves \(el máximo es 1\.000\.000\)/,
        reason: 'too_many_iterations',
      },
      {
        name: 'other RUC',
        bytes: p12For(other.tenant).p12,
        password: good.password,
        field: 'certificate',
        message: new RegExp(
          `^El certificado pertenece a otro contribuyente \\(.*${other.tenant.taxId}.*\\), no al RUC de tu empresa \\(${tenant.taxId}\\)`
        ),
        reason: 'other_ruc',
      },
      {
        name: 'no identity at all',
        bytes: p12For(tenant, { signer: { ruc: undefined, cedula: undefined } }).p12,
        password: good.password,
        field: 'certificate',
        message: /^El certificado no indica ningún RUC ni cédula/,
        reason: 'no_identity',
      },
      {
        name: 'too large',
        bytes: Buffer.concat([good.p12, randomBytes(120 * 1024)]),
        password: good.password,
        field: 'certificate',
        message: /^El archivo es demasiado grande para ser un certificado \(máximo 100 KB\)/,
        reason: 'too_large',
      },
      {
        name: 'no file',
        bytes: null,
        password: good.password,
        field: 'certificate',
        message: /^Elige el archivo del certificado/,
        reason: 'missing_file',
      },
      {
        name: 'the same certificate again',
        bytes: good.p12,
        password: good.password,
        field: 'certificate',
        message: /^Este certificado ya es el certificado activo/,
        reason: 'already_active',
      },
    ]

    for (const item of cases) {
      const response = await upload(client, user, item.bytes, item.password)
      response.assertStatus(302)
      response.assertHeader('location', PAGE)
      assert.match(fieldError(response, item.field) ?? '', item.message, item.name)
      assert.isUndefined(response.flashMessages()?.success, item.name)
      assert.deepEqual(await storedState(tenant), before, `${item.name}: stored state changed`)
    }

    const failures = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('action', 'certificate.upload_failed')
      .orderBy('id')
    assert.deepEqual(
      failures.map((row) => row.after?.reason),
      cases.map((item) => item.reason)
    )
    // The audit trail names the problem, never the password that was tried.
    assert.notInclude(JSON.stringify(failures.map((row) => row.after)), 'no-es-la-clave')
  })

  test('a body over the upload limit gets its own page, and nothing changes', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createEcuadorCompany('OWNER')
    const before = await storedState(tenant)
    const huge = randomBytes(21 * 1024 * 1024)
    const response = await upload(client, user, huge, 'x').withInertia()
    response.assertStatus(413)
    response.assertInertiaComponent('errors/too_large')
    assert.equal((response.inertiaProps as any).maxMb, 20)
    assert.deepEqual(await storedState(tenant), before)

    const json = await upload(client, user, huge, 'x').header('accept', 'application/json')
    json.assertStatus(413)
    assert.equal(json.body().errors[0].rule, 'too_large')
  })

  test('messages come in English too', async ({ client, assert }) => {
    const { tenant, user } = await createEcuadorCompany('OWNER')
    const p12 = p12For(tenant)
    const wrong = await upload(client, user, p12.p12, 'wrong-one', { locale: 'en' })
    assert.match(fieldError(wrong, 'password')!, /^The certificate password is not correct/)

    const expired = p12For(tenant, {
      signer: { notBefore: daysFromNow(-400), notAfter: daysFromNow(-2) },
    })
    const late = await upload(client, user, expired.p12, expired.password, { locale: 'en' })
    assert.match(fieldError(late, 'certificate')!, /^The certificate expired on \d{4}-\d{2}-\d{2}/)

    const notP12 = await upload(client, user, Buffer.from('hola'), 'x', { locale: 'en' })
    assert.match(fieldError(notP12, 'certificate')!, /^The file is not a PKCS#12/)

    const absurd = p12For(tenant, { claimedIterations: { keys: 10_000_000 } })
    const refused = await upload(client, user, absurd.p12, absurd.password, { locale: 'en' })
    assert.match(
      fieldError(refused, 'certificate')!,
      /^The file asks for 10,000,000 iterations to derive its keys \(the most allowed is 1,000,000\)/
    )
  })

  test('a file with several certificates: the signing pair is picked', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createEcuadorCompany('OWNER')
    // BCE-style dual key (decryption pair first), an old expired pair and the CA.
    const p12 = p12For(tenant, { encryptionPair: true, expiredPair: true })
    assert.lengthOf(p12.certificates, 4)
    await expectStored(client, user, p12.p12, p12.password)
    const certificate = await Certificate.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('is_current', true)
      .firstOrFail()
    assert.equal(certificate.serialHex, p12.signer.cert.serialNumber)
    assert.isAbove(certificate.validTo.toMillis(), Date.now())
  })

  test('legacy RC2-40 files and identity in legacy extensions are accepted', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createEcuadorCompany('OWNER')
    const p12 = p12For(tenant, {
      algorithm: '40bitRC2',
      signer: { identityIn: 'extension' },
    })
    await expectStored(client, user, p12.p12, p12.password)
    const certificate = await Certificate.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    assert.equal(certificate.serialHex, p12.signer.cert.serialNumber)

    // Uanataca-style otherName identity, replacing the first one.
    const san = p12For(tenant, { signer: { identityIn: 'san' } })
    const replaced = await upload(client, user, san.p12, san.password)
    assert.match(replaced.flashMessages().success, /^Certificado reemplazado/)
  })

  test('a self-signed certificate is accepted with a warning and recorded as not accredited', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createEcuadorCompany('OWNER')
    // What `openssl req -x509` makes: CA:TRUE, no keyUsage, issued by itself; empty password.
    const p12 = p12For(tenant, { password: '', signer: { selfSigned: true } })
    await expectStored(client, user, p12.p12, '')

    const certificate = await Certificate.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    assert.equal(certificate.notAccreditedReason, 'self_signed')
    assert.equal(certificate.fingerprintSha256, parseCertificate(p12.signer.pem).fingerprint.sha256)

    const page = await client.get(PAGE).loginAs(user).withInertia()
    assert.equal((page.inertiaProps.current as any).notAccreditedReason, 'self_signed')
    const messages = page.inertiaProps.messages as Record<string, string>
    assert.match(
      messages['ui.certificates.not_accredited.self_signed'],
      /ambiente de producción del SRI rechaza los certificados que no emitió una entidad de certificación acreditada/
    )

    const logged = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('action', 'certificate.uploaded')
      .firstOrFail()
    assert.equal(logged.after?.notAccreditedReason, 'self_signed')
  })

  test('a CA certificate paired with the key is accepted, recorded as ca_certificate', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createEcuadorCompany('OWNER')
    const p12 = p12For(tenant, { signer: { ca: true, keyUsage: ['digitalSignature'] } })
    await expectStored(client, user, p12.p12, p12.password)
    const page = await client.get(PAGE).loginAs(user).withInertia()
    assert.equal((page.inertiaProps.current as any).notAccreditedReason, 'ca_certificate')

    // A certificate from a CA carries no such mark.
    const other = await createEcuadorCompany('OWNER')
    const normal = p12For(other.tenant)
    await expectStored(client, other.user, normal.p12, normal.password)
    const otherPage = await client.get(PAGE).loginAs(other.user).withInertia()
    assert.isNull((otherPage.inertiaProps.current as any).notAccreditedReason)
  })

  test('a natural person matches by the cédula in the certificate', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER', {
      country: 'EC',
      taxId: '1710034065001',
    })
    const p12 = p12For(tenant, { signer: { ruc: undefined, cedula: '1710034065' } })
    await expectStored(client, user, p12.p12, p12.password)
    const certificate = await Certificate.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    assert.equal(certificate.holderTaxId, '1710034065')
  })

  test('replacing is one step: the old one becomes history and its secrets are destroyed', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createEcuadorCompany('OWNER')
    const first = p12For(tenant)
    await expectStored(client, user, first.p12, first.password)
    const old = await Certificate.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    const oldSecrets = [old.p12SecretId!, old.passwordSecretId!]

    const renewed = p12For(tenant, {
      password: 'Otra-Clave-2025',
      signer: { keySlot: 'renewed', issuer: createTestCa() },
    })
    const response = await upload(client, user, renewed.p12, renewed.password)
    assert.match(response.flashMessages().success, /^Certificado reemplazado/)

    const rows = await Certificate.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .orderBy('id')
    assert.lengthOf(rows, 2)
    assert.deepInclude(
      { status: rows[0].status, isCurrent: rows[0].isCurrent, p12: rows[0].p12SecretId },
      { status: 'replaced', isCurrent: false, p12: null }
    )
    assert.isNotNull(rows[0].replacedAt)
    assert.isTrue(rows[1].isCurrent)
    assert.equal(rows[1].serialHex, renewed.signer.cert.serialNumber)
    assert.lengthOf(
      await VaultSecret.query({ withoutTenantScope: INSPECT }).whereIn('id', oldSecrets),
      0
    )
    assert.lengthOf(
      await VaultSecret.query({ withoutTenantScope: INSPECT }).where('tenant_id', tenant.id),
      2
    )

    const audit = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .where('action', 'certificate.replaced')
      .firstOrFail()
    assert.equal(audit.before?.id, old.id)
    assert.equal(audit.after?.id, rows[1].id)

    const page = await client.get(PAGE).loginAs(user).withInertia()
    assert.equal((page.inertiaProps.current as any).id, rows[1].id)
    assert.deepEqual(
      (page.inertiaProps.history as any[]).map((row) => [row.id, row.status]),
      [[old.id, 'replaced']]
    )
  })

  test('only owners and admins reach the page; other companies never see it', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createEcuadorCompany('OWNER')
    const p12 = p12For(tenant)
    await expectStored(client, user, p12.p12, p12.password)

    for (const role of ['OPERATOR', 'READONLY'] as const) {
      const member = await createUser()
      await addMember(tenant, member, role, { isDefault: true })
      const denied = await client.get(PAGE).loginAs(member)
      denied.assertStatus(403)
      const attempt = await upload(client, member, p12.p12, p12.password)
      attempt.assertStatus(403)
    }
    const admin = await createUser()
    await addMember(tenant, admin, 'ADMIN', { isDefault: true })
    const allowed = await client.get(PAGE).loginAs(admin).withInertia()
    allowed.assertStatus(200)

    const stranger = await createEcuadorCompany('OWNER')
    const theirs = await client.get(PAGE).loginAs(stranger.user).withInertia()
    assert.isNull(theirs.inertiaProps.current)
    assert.deepEqual(theirs.inertiaProps.history, [])

    const guest = await client.get(PAGE).redirects(0)
    guest.assertStatus(302)
  })

  test('Panama companies get the PAC form, not the upload', async ({ client, assert }) => {
    const { user, tenant } = await createCompany('OWNER', { country: 'PA' })
    const page = await client.get(PAGE).loginAs(user).withInertia()
    page.assertInertiaComponent('certificates/pac')

    const ecuadorian = p12For(tenant)
    const response = await upload(client, user, ecuadorian.p12, ecuadorian.password)
    assert.match(
      fieldError(response, 'certificate')!,
      /^Las empresas de este país no cargan un certificado de firma/
    )
    assert.lengthOf(
      await Certificate.query({ withoutTenantScope: INSPECT }).where('tenant_id', tenant.id),
      0
    )
  })
})
