import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import { Vault, parseMasterKey } from '#certificates/vault/vault'

const newKey = () => parseMasterKey(randomBytes(32).toString('base64'))

test.group('Secrets vault', () => {
  test('round-trips binary and text secrets', ({ assert }) => {
    const vault = new Vault(newKey())
    const p12 = randomBytes(4096)

    const sealedP12 = vault.seal(7, 'certificate.p12', p12)
    const sealedPassword = vault.seal(7, 'certificate.password', 'clave-secreta-ñ')

    assert.deepEqual(vault.open(7, 'certificate.p12', sealedP12), p12)
    assert.equal(
      vault.open(7, 'certificate.password', sealedPassword).toString('utf8'),
      'clave-secreta-ñ'
    )
    assert.notInclude(sealedPassword.ciphertext.toString('latin1'), 'clave')
  })

  test('uses a fresh IV for every encryption', ({ assert }) => {
    const vault = new Vault(newKey())
    const first = vault.seal(1, 'pac.token', 'same token')
    const second = vault.seal(1, 'pac.token', 'same token')

    assert.notDeepEqual(first.iv, second.iv)
    assert.notDeepEqual(first.ciphertext, second.ciphertext)
  })

  test('rejects a tampered ciphertext, tag or hash', ({ assert }) => {
    const vault = new Vault(newKey())
    const sealed = vault.seal(1, 'pac.token', 'token-123')

    const flipped = Buffer.from(sealed.ciphertext)
    flipped[0] ^= 0x01
    assert.throws(
      () => vault.open(1, 'pac.token', { ...sealed, ciphertext: flipped }),
      /cannot be opened/
    )

    const badTag = Buffer.from(sealed.tag)
    badTag[3] ^= 0xff
    assert.throws(() => vault.open(1, 'pac.token', { ...sealed, tag: badTag }), /cannot be opened/)

    assert.throws(
      () => vault.open(1, 'pac.token', { ...sealed, contentHash: '00'.repeat(32) }),
      /cannot be opened/
    )
  })

  test("rejects another tenant's key and another purpose", ({ assert }) => {
    const vault = new Vault(newKey())
    const sealed = vault.seal(1, 'certificate.password', 'secret')

    assert.throws(() => vault.open(2, 'certificate.password', sealed), /cannot be opened/)
    assert.throws(() => vault.open(1, 'pac.token', sealed), /cannot be opened/)
  })

  test('rotation: an old secret opens with the previous key and is resealed with the new one', ({
    assert,
  }) => {
    const oldKey = newKey()
    const nextKey = newKey()
    const before = new Vault(oldKey).seal(3, 'certificate.p12', 'p12-bytes')

    const during = new Vault(nextKey, [oldKey])
    assert.isTrue(during.needsRotation(before))
    const resealed = during.reseal(3, 'certificate.p12', before)
    assert.equal(resealed.keyId, nextKey.id)
    assert.isFalse(during.needsRotation(resealed))

    const after = new Vault(nextKey)
    assert.equal(after.open(3, 'certificate.p12', resealed).toString(), 'p12-bytes')
    assert.throws(() => after.open(3, 'certificate.p12', before), /not configured/)
  })

  test('refuses a master key that is not 32 bytes', ({ assert }) => {
    assert.throws(() => parseMasterKey(Buffer.from('short').toString('base64')), /32 random bytes/)
  })
})
