import { test } from '@japa/runner'
import {
  E_TAX_CERTIFICATE,
  E_TAX_CONFIG,
  E_TAX_SIGNING,
  E_TAX_TRANSPORT,
  E_TAX_UNSUPPORTED,
  TaxError,
} from '#adapters/core/errors'

test.group('Tax errors', () => {
  test('each error has its code, status and retryable flag, and keeps the vendor error as cause', ({
    assert,
  }) => {
    const vendor = new Error('socket hang up')
    const cases: Array<[TaxError, string, number, boolean]> = [
      [new E_TAX_CONFIG('x', { cause: vendor }), 'E_TAX_CONFIG', 500, false],
      [new E_TAX_SIGNING('x', { cause: vendor }), 'E_TAX_SIGNING', 500, false],
      [new E_TAX_TRANSPORT('x', { cause: vendor }), 'E_TAX_TRANSPORT', 503, true],
      [new E_TAX_UNSUPPORTED('x', { cause: vendor }), 'E_TAX_UNSUPPORTED', 400, false],
      [new E_TAX_CERTIFICATE('expired', { cause: vendor }), 'E_TAX_CERTIFICATE', 422, false],
    ]
    for (const [error, code, status, retryable] of cases) {
      assert.isTrue(error instanceof TaxError)
      assert.equal(error.code, code)
      assert.equal(error.status, status)
      assert.equal(error.retryable, retryable)
      assert.strictEqual(error.cause, vendor)
      assert.isAbove(error.messages.es.length, 0)
      assert.isAbove(error.messages.en.length, 0)
    }
  })

  test('certificate errors give each problem its own reason, key and message', ({ assert }) => {
    const reasons = [
      'wrong_password',
      'not_pkcs12',
      'no_private_key',
      'no_signing_certificate',
      'key_mismatch',
      'unsupported_key',
      'expired',
      'not_yet_valid',
      'too_many_iterations',
    ] as const
    const spanish = new Set<string>()
    for (const reason of reasons) {
      const error = new E_TAX_CERTIFICATE(reason)
      assert.equal(error.reason, reason)
      assert.equal(error.i18nKey, `tax.certificate.${reason}`)
      spanish.add(error.messages.es)
    }
    assert.equal(spanish.size, reasons.length, 'one distinct message per reason')
  })
})
