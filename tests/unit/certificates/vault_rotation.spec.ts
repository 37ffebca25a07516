import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import ace from '@adonisjs/core/services/ace'
import testUtils from '@adonisjs/core/services/test_utils'
import AuditLog from '#accounts/models/audit_log'
import VaultSecret from '#certificates/models/vault_secret'
import app from '@adonisjs/core/services/app'
import { vault, vaultFromEnv, vaultFromKeys } from '#certificates/vault/keyring'
import { openSecret } from '#certificates/vault/secrets'
import { rotateVaultSecrets } from '#certificates/vault/rotate_secrets'
import { Vault, parseMasterKey } from '#certificates/vault/vault'
import { signingCredentials } from '#certificates/signing_credentials'
import VaultRotateCommand from '#commands/vault_rotate'
import { createCompany } from '#tests/helpers/accounts'
import {
  createEcuadorCompany,
  p12For,
  storeSecretFor,
  uploadCertificateAs,
} from '#tests/helpers/certificates'
import { INSPECT, storedRow } from '#tests/helpers/tenancy'

const newKey = () => randomBytes(32).toString('base64')

/** The app runs with this vault from now on (the container binding swapped). */
function swapVault(next: Vault) {
  app.container.swap(Vault, () => next)
}

async function loadSigningCredentials(tenantId: number) {
  const credentials = await signingCredentials()
  return credentials.for(tenantId)
}

async function forgetCertificateCredentials() {
  const credentials = await signingCredentials()
  credentials.forget()
}

test.group('Vault persistence and rotation', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(async () => {
    app.container.restore(Vault)
    await forgetCertificateCredentials()
  })
  group.each.setup(() => {
    ace.ui.switchMode('raw')
    return () => ace.ui.switchMode('normal')
  })

  test('a stored secret holds no plaintext and opens only as itself', async ({ assert }) => {
    swapVault(vaultFromKeys(newKey()))
    const { tenant } = await createCompany('OWNER')
    const row = await storeSecretFor(tenant, 'pac.test', 'token-muy-secreto-123')

    const fresh = await storedRow(VaultSecret, row.id)
    assert.notInclude(fresh.ciphertext.toString('latin1'), 'token-muy-secreto')
    const opened = await openSecret(fresh)
    assert.equal(opened.toString(), 'token-muy-secreto-123')

    // Relabelled for another purpose or moved to another company: refused.
    fresh.purpose = 'certificate.password'
    await assert.rejects(() => openSecret(fresh), /cannot be opened/)
    fresh.purpose = 'pac.test'
    fresh.tenantId = tenant.id + 1
    await assert.rejects(() => openSecret(fresh), /cannot be opened/)
  })

  test('rotation re-seals every row under the new key, in batches, once', async ({ assert }) => {
    const oldKey = newKey()
    const nextKey = newKey()
    swapVault(vaultFromKeys(oldKey))
    const a = await createEcuadorCompany('OWNER')
    const b = await createCompany('OWNER')
    const p12 = p12For(a.tenant)
    await uploadCertificateAs(a.tenant, {
      bytes: p12.p12,
      password: p12.password,
    })
    const plain = new Map<number, string>()
    for (let index = 0; index < 5; index++) {
      const row = await storeSecretFor(b.tenant, 'pac.production', `token-${index}`)
      plain.set(row.id, `token-${index}`)
    }
    const before = await VaultSecret.query({ withoutTenantScope: INSPECT }).orderBy('id')
    assert.lengthOf(before, 7)
    const oldKeyId = parseMasterKey(oldKey).id
    assert.isTrue(before.every((row) => row.keyId === oldKeyId))

    // The app now runs with the new key and still opens the old rows.
    swapVault(vaultFromKeys(nextKey, oldKey))
    await forgetCertificateCredentials()
    await loadSigningCredentials(a.tenant.id)

    const batches: number[] = []
    const report = await rotateVaultSecrets({ batchSize: 2, onBatch: (done) => batches.push(done) })
    assert.equal(report.resealed, 7)
    assert.deepEqual(report.fromKeyIds, [oldKeyId])
    assert.equal(report.byTenant.get(a.tenant.id), 2)
    assert.equal(report.byTenant.get(b.tenant.id), 5)
    assert.isAbove(batches.length, 3)

    const after = await VaultSecret.query({ withoutTenantScope: INSPECT }).orderBy('id')
    const nextKeyId = parseMasterKey(nextKey).id
    assert.isTrue(after.every((row) => row.keyId === nextKeyId && row.rotatedAt !== null))
    for (const [index, row] of after.entries()) {
      assert.notDeepEqual(row.ciphertext, before[index].ciphertext)
    }

    // Only the new key is needed from now on: every secret opens with it alone.
    swapVault(new Vault(parseMasterKey(nextKey)))
    for (const row of after) {
      if (!plain.has(row.id)) continue
      const opened = await openSecret(row)
      assert.equal(opened.toString(), plain.get(row.id))
    }
    await forgetCertificateCredentials()
    const credential = await loadSigningCredentials(a.tenant.id)
    assert.equal(credential.certificate.serial.hex, p12.signer.cert.serialNumber.replace(/^0+/, ''))

    // Idempotent: a second run has nothing to do.
    const again = await rotateVaultSecrets({ batchSize: 2 })
    assert.equal(again.resealed, 0)

    const audits = await AuditLog.query({ withoutTenantScope: INSPECT }).where(
      'action',
      'vault.rotated'
    )
    assert.sameMembers(
      audits.map((row) => row.tenantId),
      [a.tenant.id, b.tenant.id, null]
    )
    const platform = audits.find((row) => row.tenantId === null)!
    assert.equal(platform.after?.resealed, 7)
  })

  test('a secret under an unknown key is reported and left alone', async ({ assert }) => {
    const lostKey = newKey()
    const currentKey = newKey()
    const { tenant } = await createCompany('OWNER')
    swapVault(vaultFromKeys(lostKey))
    const orphan = await storeSecretFor(tenant, 'pac.test', 'perdido')
    swapVault(vaultFromKeys(currentKey))
    await storeSecretFor(tenant, 'pac.production', 'actual')

    const dry = await rotateVaultSecrets({ dryRun: true })
    assert.equal(dry.unknownKey, 1)
    assert.equal(dry.resealed, 0)

    const report = await rotateVaultSecrets()
    assert.equal(report.unknownKey, 1)
    assert.equal(report.resealed, 0)
    const untouched = await storedRow(VaultSecret, orphan.id)
    assert.equal(untouched.keyId, parseMasterKey(lostKey).id)
  })

  test('node ace vault:rotate re-seals and reports; a dry run changes nothing', async ({
    assert,
  }) => {
    const oldKey = newKey()
    const nextKey = newKey()
    const { tenant } = await createCompany('OWNER')
    swapVault(vaultFromKeys(oldKey))
    const row = await storeSecretFor(tenant, 'pac.test', 'token-ace')
    swapVault(vaultFromKeys(nextKey, oldKey))

    const dry = await ace.create(VaultRotateCommand, ['--dry-run'])
    await dry.exec()
    dry.assertSucceeded()
    dry.assertLogMatches(/would re-seal 1 secret/)
    const unchanged = await storedRow(VaultSecret, row.id)
    assert.equal(unchanged.keyId, parseMasterKey(oldKey).id)

    const command = await ace.create(VaultRotateCommand, ['--batch-size=1'])
    await command.exec()
    command.assertSucceeded()
    command.assertLogMatches(/re-sealed 1 secret/)
    const resealed = await storedRow(VaultSecret, row.id)
    assert.equal(resealed.keyId, parseMasterKey(nextKey).id)

    const lost = newKey()
    swapVault(vaultFromKeys(lost))
    await storeSecretFor(tenant, 'pac.production', 'x')
    swapVault(vaultFromKeys(nextKey))
    const failing = await ace.create(VaultRotateCommand, [])
    await failing.exec()
    failing.assertFailed()
    failing.assertLogMatches(/neither VAULT_MASTER_KEY nor in VAULT_PREVIOUS_KEYS/)
  })

  test('the keyring reads the current key and the previous ones', ({ assert }) => {
    const current = newKey()
    const previous = [newKey(), newKey()]
    const keyring = vaultFromKeys(current, ` ${previous.join(' , ')} ,`)
    assert.equal(keyring.currentKeyId, parseMasterKey(current).id)
    for (const key of previous) assert.isTrue(keyring.canOpen(parseMasterKey(key).id))
    assert.throws(() => vaultFromKeys(''), /master key/)
    assert.throws(() => vaultFromKeys(current, 'bm90LWEta2V5'), /32 random bytes/)
  })

  test('the vault is one container singleton from the environment; a swap replaces it', async ({
    assert,
  }) => {
    const configured = await vault()
    assert.strictEqual(await vault(), configured)
    assert.equal(configured.currentKeyId, vaultFromEnv().currentKeyId)

    const other = vaultFromKeys(newKey())
    swapVault(other)
    assert.strictEqual(await vault(), other)
    app.container.restore(Vault)
    assert.strictEqual(await vault(), configured)
  })
})
