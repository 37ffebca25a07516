import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import { tenantContext, withoutTenantScope } from '#tenancy/tenant_context'
import { TenantMismatchException } from '#tenancy/errors'
import Certificate from '#certificates/models/certificate'
import VaultSecret from '#certificates/models/vault_secret'
import PacCredential from '#certificates/models/pac_credential'
import Notification from '#certificates/models/notification'
import CertificateAlert from '#certificates/models/certificate_alert'
import AuthorityQuota from '#certificates/models/authority_quota'
import SavePacCredentials from '#certificates/actions/save_pac_credentials'
import { createCompany } from '#tests/helpers/accounts'
import { createEcuadorCompany, p12For, uploadCertificateAs } from '#tests/helpers/certificates'
import { INSPECT, constraintError } from '#tests/helpers/tenancy'

/**
 * One isolation test per model of the certificates module: rows of company
 * A are invisible and unmodifiable from company B, and PostgreSQL refuses
 * cross-company links by itself.
 */
test.group('Isolation: certificates module', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test("no model shows or changes another company's rows", async ({ assert }) => {
    const a = await createEcuadorCompany('OWNER')
    const pa = await createCompany('OWNER', { country: 'PA' })
    const b = await createEcuadorCompany('OWNER')
    const p12 = p12For(a.tenant)
    const { certificate } = await uploadCertificateAs(a.tenant, {
      bytes: p12.p12,
      password: p12.password,
    })
    const pac = await tenantContext.run(pa.tenant, () =>
      new SavePacCredentials().handle({ tenantId: pa.tenant.id }, pa.tenant, 'test', {
        tokenEmpresa: 'empresa-aislada',
        tokenPassword: 'clave-aislada',
      })
    )
    const notice = await tenantContext.run(a.tenant, () =>
      Notification.create({
        userId: a.user.id,
        kind: 'certificate_expiring',
        severity: 'warning',
        params: { days: 30 },
      })
    )
    const alert = await tenantContext.run(a.tenant, () =>
      CertificateAlert.create({ certificateId: certificate.id, threshold: 30, recipients: 1 })
    )

    await tenantContext.run(b.tenant, async () => {
      assert.isNull(await Certificate.find(certificate.id))
      assert.isNull(await VaultSecret.find(certificate.p12SecretId!))
      assert.isNull(await PacCredential.find(pac.id))
      assert.isNull(await Notification.find(notice.id))
      assert.isNull(await CertificateAlert.find(alert.id))
      assert.lengthOf(await Certificate.all(), 0)
      assert.lengthOf(await VaultSecret.all(), 0)
      assert.deepEqual(
        await Certificate.query().where('id', certificate.id).update({ status: 'replaced' }),
        [0]
      )
      assert.deepEqual(await VaultSecret.query().where('tenant_id', a.tenant.id).delete(), [0])
    })

    const leaked = await Certificate.query({ withoutTenantScope: INSPECT })
      .where('id', certificate.id)
      .firstOrFail()
    await tenantContext.run(b.tenant, async () => {
      leaked.holderName = 'OTRO'
      await assert.rejects(() => leaked.save(), TenantMismatchException as any)
    })
  })

  test('the database refuses cross-company links and a second current certificate', async ({
    assert,
  }) => {
    const a = await createEcuadorCompany('OWNER')
    const b = await createEcuadorCompany('OWNER')
    const p12 = p12For(a.tenant)
    const { certificate } = await uploadCertificateAs(a.tenant, {
      bytes: p12.p12,
      password: p12.password,
    })
    const row = await withoutTenantScope(INSPECT, () =>
      db.from('certificates').where('id', certificate.id).first()
    )

    // B's certificate pointing at A's sealed file.
    const copy = { ...row, id: undefined, tenant_id: b.tenant.id }
    delete copy.id
    assert.equal(await constraintError((trx) => trx.table('certificates').insert(copy)), '23503')

    // B's alert about A's certificate.
    assert.equal(
      await constraintError((trx) =>
        trx.table('certificate_alerts').insert({
          tenant_id: b.tenant.id,
          certificate_id: certificate.id,
          threshold: 30,
          recipients: 0,
          created_at: new Date(),
        })
      ),
      '23503'
    )

    // B's PAC row pointing at A's secret.
    assert.equal(
      await constraintError((trx) =>
        trx.table('pac_credentials').insert({
          tenant_id: b.tenant.id,
          environment: 'test',
          secret_id: certificate.p12SecretId,
          created_at: new Date(),
        })
      ),
      '23503'
    )

    // Two current certificates for one company.
    const second = { ...row, fingerprint_sha256: 'f'.repeat(64) }
    delete second.id
    assert.equal(await constraintError((trx) => trx.table('certificates').insert(second)), '23505')

    // A current certificate without its secrets.
    assert.equal(
      await constraintError((trx) =>
        trx.from('certificates').where('id', certificate.id).update({ p12_secret_id: null })
      ),
      '23514'
    )
  })

  test("a company's quota reading is invisible and unmodifiable from another", async ({
    assert,
  }) => {
    const a = await createCompany('OWNER', { country: 'PA' })
    const b = await createCompany('OWNER', { country: 'PA' })
    const reading = await tenantContext.run(a.tenant, () =>
      AuthorityQuota.create({
        environment: 'test',
        available: 15,
        used: 85,
        total: 100,
        alertedThresholds: [20],
      })
    )
    assert.equal(reading.tenantId, a.tenant.id)

    await tenantContext.run(b.tenant, async () => {
      assert.isNull(await AuthorityQuota.find(reading.id))
      assert.lengthOf(await AuthorityQuota.all(), 0)
      assert.deepEqual(
        await AuthorityQuota.query().where('id', reading.id).update({ available: 0 }),
        [0]
      )
      // Row-level security: raw SQL without a filter sees no other company's row.
      assert.lengthOf(await db.from('authority_quotas').select('id'), 0)
      const changed = await db
        .from('authority_quotas')
        .where('id', reading.id)
        .update({ available: 1 })
      assert.equal(Number(changed), 0)
    })
    const stored = await AuthorityQuota.query({ withoutTenantScope: INSPECT })
      .where('id', reading.id)
      .firstOrFail()
    assert.equal(stored.available, 15)
    await tenantContext.run(b.tenant, async () => {
      stored.available = 0
      await assert.rejects(() => stored.save(), TenantMismatchException as any)
    })

    // One reading per company and environment.
    assert.equal(
      await constraintError((trx) =>
        trx.table('authority_quotas').insert({
          tenant_id: a.tenant.id,
          environment: 'test',
          created_at: new Date(),
          updated_at: new Date(),
        })
      ),
      '23505'
    )
  })
})
