import { test } from '@japa/runner'
import { isPrivateAddress } from '#webhooks/target_guard'
import { signatureHeader, verifySignature } from '#webhooks/signing'
import {
  MAX_WAIT_MS,
  RETRY_WINDOW_MS,
  nextRetryDelay,
  retryOffsets,
} from '#webhooks/retry_schedule'

test.group('Webhooks: signing, retry schedule, address guard', () => {
  test('the signature is HMAC-SHA256 of "timestamp.body", one v1 per secret', ({ assert }) => {
    const header = signatureHeader(['whsec_a', 'whsec_b'], 1_700_000_000, '{"x":1}')
    assert.match(header, /^t=1700000000,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/)
    // Reference value computed independently:
    // printf '1700000000.{"x":1}' | openssl dgst -sha256 -hmac whsec_a
    assert.equal(
      header.split(',')[1],
      'v1=045d09d6c72ed326fafa89ed38e606c4b737f3065101d9d09c03cdbe4136224f'
    )
    const now = 1_700_000_100
    assert.isTrue(verifySignature(header, '{"x":1}', 'whsec_a', { now }))
    assert.isTrue(verifySignature(header, '{"x":1}', 'whsec_b', { now }))
    assert.isFalse(verifySignature(header, '{"x":2}', 'whsec_a', { now }))
    assert.isFalse(verifySignature(header, '{"x":1}', 'whsec_c', { now }))
    // Too old: a replayed request is refused by the receiver's tolerance.
    assert.isFalse(verifySignature(header, '{"x":1}', 'whsec_a', { now: now + 3600 }))
    assert.isFalse(verifySignature('v1=abc', '{"x":1}', 'whsec_a', { now }))
  })

  test('retries double from one minute, capped at six hours, within 24 hours', ({ assert }) => {
    const offsets = retryOffsets()
    assert.equal(offsets[0], 0)
    assert.deepEqual(
      offsets.slice(1, 5).map((offset, index) => offset - offsets[index]),
      [60_000, 120_000, 240_000, 480_000]
    )
    for (let index = 1; index < offsets.length; index++) {
      assert.isAtMost(offsets[index] - offsets[index - 1], MAX_WAIT_MS)
    }
    assert.isAtMost(offsets.at(-1)!, RETRY_WINDOW_MS)
    assert.isAbove(offsets.at(-1)! + MAX_WAIT_MS, RETRY_WINDOW_MS, 'no room for another one')
    assert.equal(nextRetryDelay(1), 60_000)
    assert.isNull(nextRetryDelay(offsets.length))
  })

  test('private, loopback, link-local and reserved addresses are told apart from public ones', ({
    assert,
  }) => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd12:3456::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not-an-ip',
    ]) {
      assert.isTrue(isPrivateAddress(address), address)
    }
    for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111']) {
      assert.isFalse(isPrivateAddress(address), address)
    }
  })
})
