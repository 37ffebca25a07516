/*
 * The SRI error policy, row by row: what each identificador and each kind
 * of transport failure leads to.
 */
import { test } from '@japa/runner'
import i18nManager from '@adonisjs/i18n/services/main'
import { TaxConfigError, TaxTransportError } from '#adapters/core/errors'
import { transportFailureKind } from '#adapters/core/transport_failures'
import type { AuthorityMessage } from '#adapters/core/types'
import {
  classify,
  SRI_ERROR_POLICY,
  TRANSPORT_FAILURE_POLICY,
  UNKNOWN_CODE_RULE,
} from '#adapters/ecuador_sri/transport/error_policy'

const message = (
  code: string,
  severity: AuthorityMessage['severity'] = 'error',
  text = 'TEXTO SRI'
): AuthorityMessage => ({ code, text, severity })

const networkError = (code: string, text = code) => Object.assign(new Error(text), { code })

test.group('SRI error policy | message codes', () => {
  const rows: Array<[string, string]> = [
    ['43', 'query'],
    ['70', 'query'],
    ['45', 'lookup'],
    ['35', 'fail'],
    ['36', 'fail'],
    ['39', 'fail'],
    ['40', 'fail'],
    ['52', 'fail'],
    ['65', 'fail'],
    ['2', 'fail'],
    ['10', 'fail'],
    ['37', 'fail'],
    ['46', 'fail'],
    ['56', 'fail'],
    ['57', 'fail'],
    ['63', 'fail'],
    ['26', 'fail'],
    ['49', 'fail'],
    ['58', 'fail'],
    ['50', 'retry'],
  ]

  for (const [code, action] of rows) {
    test(`identificador ${code} → ${action}`, ({ assert }) => {
      const decision = classify([message(code)])
      assert.equal(decision.action, action)
      assert.equal(decision.code, code)
      assert.equal(decision.retryable, action === 'retry')
      assert.isAbove(decision.message.es.length, 20)
      assert.isAbove(decision.message.en.length, 20)
      assert.match(decision.i18nKey, /^sri\.policy\./)
      if (action === 'retry') {
        assert.instanceOf(decision.error, TaxTransportError)
        assert.isTrue(decision.error!.retryable)
        assert.instanceOf(decision.error!.cause, Error)
        assert.include((decision.error!.cause as Error).message, code)
      } else {
        assert.isUndefined(decision.error)
      }
    })
  }

  test('43 and 70 say to query, never to resend', ({ assert }) => {
    for (const code of ['43', '70']) {
      const decision = classify([message(code)])
      assert.match(decision.message.es, /consult/i)
      assert.notMatch(decision.message.en, /send it again|resend it/i)
    }
  })

  test('45 tells to use the stored clave', ({ assert }) => {
    const decision = classify([message('45')])
    assert.include(decision.message.es, 'clave de acceso guardada')
    assert.include(decision.message.en, 'access key stored')
  })

  test('35, 39, 52 and 65 explain what it means and what to do, in both languages', ({
    assert,
  }) => {
    const expectations: Record<string, [RegExp, RegExp]> = {
      35: [/estructura/i, /structure/i],
      39: [/certificado/i, /certificate/i],
      52: [/totales/i, /totals/i],
      65: [/fecha de hoy/i, /today's date/i],
    }
    for (const [code, [spanish, english]] of Object.entries(expectations)) {
      const decision = classify([message(code)])
      assert.equal(decision.action, 'fail')
      assert.match(decision.message.es, spanish)
      assert.match(decision.message.en, english)
    }
  })

  test('warnings 60 and 62 are informational', ({ assert }) => {
    assert.equal(classify([message('60', 'warning')]).action, 'ignore')
    assert.equal(classify([message('62', 'warning')]).action, 'ignore')
  })

  test('an unknown error code fails; an unknown warning is ignored', ({ assert }) => {
    const failed = classify([message('999', 'error', 'ALGO NUEVO')])
    assert.equal(failed.action, 'fail')
    assert.equal(failed.i18nKey, 'sri.policy.unknown')
    assert.equal(classify([message('998', 'warning')]).action, 'ignore')
  })

  test('the most urgent row wins: a 43 beside a warning and a 35 still queries', ({ assert }) => {
    const decision = classify([message('60', 'warning'), message('35'), message('43')])
    assert.equal(decision.action, 'query')
    assert.equal(decision.decisive?.code, '43')
    assert.lengthOf(decision.messages, 3)
  })

  test('fail beats retry, so a structural error is not retried forever', ({ assert }) => {
    assert.equal(classify([message('50'), message('35')]).action, 'fail')
  })

  test('a result object is classified by its messages', ({ assert }) => {
    const decision = classify({ status: 'rejected', messages: [message('70')], raw: '' })
    assert.equal(decision.action, 'query')
  })

  test('codes with leading zeros match their row', ({ assert }) => {
    assert.equal(classify([message('043')]).action, 'query')
  })

  test('every code appears in exactly one row', ({ assert }) => {
    const codes = SRI_ERROR_POLICY.flatMap((rule) => rule.codes)
    assert.equal(new Set(codes).size, codes.length)
  })
})

test.group('SRI error policy | transport failures', () => {
  const rows: Array<[string, unknown, string, 'retry' | 'fail']> = [
    ['connection refused', networkError('ECONNREFUSED'), 'connection_refused', 'retry'],
    ['socket reset', networkError('ECONNRESET'), 'connection_reset', 'retry'],
    ['socket hang up', new Error('socket hang up'), 'connection_reset', 'retry'],
    ['axios timeout', networkError('ECONNABORTED', 'timeout of 50ms exceeded'), 'timeout', 'retry'],
    ['socket timeout', networkError('ETIMEDOUT'), 'timeout', 'retry'],
    ['DNS failure', networkError('ENOTFOUND'), 'host_not_found', 'retry'],
    [
      'HTTP 500',
      Object.assign(new Error('Cannot parse response'), { response: { status: 500 } }),
      'http_5xx',
      'retry',
    ],
    [
      'HTTP 503',
      Object.assign(new Error('Error http status codes'), { response: { status: 503 } }),
      'http_5xx',
      'retry',
    ],
    [
      'SOAP fault',
      Object.assign(new Error('soap:Server: boom'), {
        root: { Envelope: { Body: { Fault: { faultcode: 'soap:Server' } } } },
        response: { status: 500 },
      }),
      'soap_fault',
      'retry',
    ],
    [
      'HTTP 404 (wrong URL)',
      Object.assign(new Error('Invalid WSDL URL'), { response: { status: 404 } }),
      'http_4xx',
      'fail',
    ],
    [
      'unreadable reply',
      Object.assign(new Error('no Body'), { kind: 'bad_reply' }),
      'bad_reply',
      'retry',
    ],
  ]

  for (const [label, error, kind, action] of rows) {
    test(`${label} → ${action}`, ({ assert }) => {
      assert.equal(transportFailureKind(error), kind)
      const decision = classify(error, 'recepción http://sri.test')
      assert.equal(decision.action, action)
      assert.equal(decision.code, kind)
      assert.strictEqual(decision.error!.cause, error)
      assert.include(decision.error!.message, 'recepción http://sri.test')
      if (action === 'retry') {
        assert.instanceOf(decision.error, TaxTransportError)
        assert.isTrue(decision.error!.retryable)
        assert.equal(
          (decision.error!.constructor as unknown as { code: string }).code,
          'E_TAX_TRANSPORT'
        )
      } else {
        assert.instanceOf(decision.error, TaxConfigError)
        assert.isFalse(decision.error!.retryable)
      }
      assert.deepEqual(decision.error!.messages, decision.message)
    })
  }

  test('an error wrapped as cause is recognized', ({ assert }) => {
    const wrapped = new Error('outer', { cause: networkError('ECONNREFUSED') })
    assert.equal(transportFailureKind(wrapped), 'connection_refused')
  })

  test('a Facturo tax error keeps its own retryability', ({ assert }) => {
    const config = new TaxConfigError('bad url')
    const decision = classify(config)
    assert.equal(decision.action, 'fail')
    assert.strictEqual(decision.error, config)
    assert.equal(classify(new TaxTransportError('down')).action, 'retry')
  })

  test('every failure kind has texts in both languages', ({ assert }) => {
    for (const rule of Object.values(TRANSPORT_FAILURE_POLICY)) {
      assert.isAbove(rule.meaning.es.length, 10)
      assert.isAbove(rule.meaning.en.length, 10)
      assert.isAbove(rule.remedy.es.length, 10)
      assert.isAbove(rule.remedy.en.length, 10)
    }
  })
})

test.group('SRI error policy | translations', () => {
  test('every row is in the adapter lang/{es,en}/sri.json with the same text', async ({
    assert,
  }) => {
    await i18nManager.loadTranslations()
    const rules = [
      ...SRI_ERROR_POLICY,
      UNKNOWN_CODE_RULE,
      ...Object.values(TRANSPORT_FAILURE_POLICY),
    ]
    for (const locale of ['es', 'en'] as const) {
      const i18n = i18nManager.locale(locale)
      for (const rule of rules) {
        for (const part of ['title', 'meaning', 'remedy'] as const) {
          const key = `${rule.i18nKey}.${part}`
          assert.isTrue(i18n.hasMessage(key), `${locale}: ${key} missing`)
          assert.equal(i18n.t(key), rule[part][locale], `${locale}: ${key}`)
        }
      }
    }
  })
})
