/*
 * The helpers tests use to expect errors and to wait for events: a missing
 * error, an error of another class and a condition that never holds must
 * all fail the test that relies on them.
 */
import { AssertionError } from 'node:assert'
import { test } from '@japa/runner'
import { TaxConfigError, TaxTransportError } from '#adapters/core/errors'
import { errorOf, rejectionOf } from '#adapters/core/testing/errors'
import { WaitTimeoutError, waitUntil } from '#adapters/core/testing/wait_until'

const configError = () => new TaxConfigError('SRI_RECEPTION_URL is missing')

test.group('Testing helpers | expected errors', () => {
  test('errorOf returns the thrown error of the expected class', ({ assert }) => {
    const thrown = configError()
    assert.strictEqual(
      errorOf(() => {
        throw thrown
      }, TaxConfigError),
      thrown
    )
  })

  test('errorOf fails when nothing is thrown or the class differs', ({ assert }) => {
    assert.throws(() => errorOf(() => 'fine', TaxConfigError), AssertionError)
    assert.throws(
      () =>
        errorOf(() => {
          throw new Error('other')
        }, TaxConfigError),
      /expected TaxConfigError, got Error: other/
    )
  })

  test('rejectionOf returns the rejection of the expected class', async ({ assert }) => {
    const rejected = configError()
    assert.strictEqual(await rejectionOf(Promise.reject(rejected), TaxConfigError), rejected)
    assert.strictEqual(
      await rejectionOf(async () => {
        throw rejected
      }, TaxConfigError),
      rejected
    )
  })

  test('rejectionOf fails when the call succeeds or rejects with another class', async ({
    assert,
  }) => {
    await assert.rejects(
      () => rejectionOf(Promise.resolve('fine'), TaxTransportError),
      /expected TaxTransportError, but the call succeeded/
    )
    await assert.rejects(
      () => rejectionOf(Promise.reject(configError()), TaxTransportError),
      /expected TaxTransportError, got TaxConfigError/
    )
  })
})

test.group('Testing helpers | waitUntil', () => {
  test('resolves with the first truthy value of the condition', async ({ assert }) => {
    let calls = 0
    const value = await waitUntil('the third call', () => (++calls === 3 ? { calls } : null))
    assert.deepEqual(value, { calls: 3 })
  })

  test('a condition that never holds fails with what was awaited', async ({ assert }) => {
    await assert.rejects(
      () => waitUntil('a row that never comes', () => false, { timeoutMs: 50 }),
      WaitTimeoutError
    )
    await assert.rejects(
      () => waitUntil('a row that never comes', () => false, { timeoutMs: 50 }),
      /Timed out after 50 ms waiting for a row that never comes/
    )
  })

  test('a condition that throws ends the wait with its error', async ({ assert }) => {
    await assert.rejects(
      () =>
        waitUntil('anything', () => {
          throw new Error('database gone')
        }),
      /database gone/
    )
  })
})
