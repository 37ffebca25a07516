import { test } from '@japa/runner'
import i18nManager from '@adonisjs/i18n/services/main'
import {
  HKA_ERROR_POLICY,
  HKA_REFUSAL_RULE,
  NO_FOLIOS_CODE,
  TRANSPORT_FAILURE_POLICY,
  UNKNOWN_DGI_RULE,
  decide,
  ruleFor,
  splitMessages,
  transportError,
} from '#adapters/panama_hka/transport/error_policy'
import { TaxConfigError, TaxTransportError } from '#adapters/core/errors'

test.group('Panama HKA messages', () => {
  test('DGI reasons are split; other text stays one opaque HKA message', ({ assert }) => {
    assert.deepEqual(
      splitMessages('101', '1513-Número duplicado|1508-Tiempo excesivo de envío').map(
        (m) => m.code
      ),
      ['1513', '1508']
    )
    const opaque = splitMessages('201', 'Error al procesar solicitud')
    assert.deepEqual(opaque, [
      {
        code: 'HKA-201',
        text: 'Error al procesar solicitud',
        severity: 'error',
        additionalInfo: 'HKA codigo 201',
      },
    ])
    // A date in the text is not a DGI code: only a segment that starts with one is.
    assert.deepEqual(
      splitMessages('300', 'Documento del 2020-12-29 no encontrado').map((m) => m.code),
      ['HKA-300']
    )
    assert.deepEqual(
      splitMessages('300', 'Validación: | 2007-Item 2 sin descripción').map((m) => [
        m.code,
        m.text,
      ]),
      [
        ['2007', 'Item 2 sin descripción'],
        ['HKA-300', 'Validación:'],
      ]
    )
    assert.equal(splitMessages('109', 'No posee folios disponibles')[0].code, NO_FOLIOS_CODE)
    assert.equal(splitMessages('500', '')[0].text, 'Sin mensaje')
  })

  test('success codes are information, also inside a 200', ({ assert }) => {
    assert.deepEqual(
      splitMessages('200', '0260-Autorizado el uso de la FE').map((m) => m.severity),
      ['info']
    )
    assert.equal(decide(splitMessages('200', 'Listo')).action, 'ignore')
  })

  test('1513 means look up, others fail; the most urgent wins', ({ assert }) => {
    assert.equal(ruleFor('1513').action, 'lookup')
    assert.equal(ruleFor('2007').action, 'fail')
    assert.equal(ruleFor('9999'), UNKNOWN_DGI_RULE)
    assert.equal(ruleFor('HKA-101'), HKA_REFUSAL_RULE)
    const decision = decide(splitMessages('100', '2007-Item malo | 1513-Número duplicado'))
    assert.equal(decision.action, 'lookup')
    assert.equal(decision.code, '1513')
  })

  test('every rule explains itself in both languages', ({ assert }) => {
    for (const rule of [
      ...HKA_ERROR_POLICY,
      UNKNOWN_DGI_RULE,
      HKA_REFUSAL_RULE,
      ...Object.values(TRANSPORT_FAILURE_POLICY),
    ]) {
      for (const part of [rule.title, rule.meaning, rule.remedy]) {
        assert.isAbove(part.es.length, 5, rule.i18nKey)
        assert.isAbove(part.en.length, 5, rule.i18nKey)
        assert.notEqual(part.es, part.en, rule.i18nKey)
      }
    }
  })

  test('every rule is in the adapter lang/{es,en}/hka.json with the same text', async ({
    assert,
  }) => {
    await i18nManager.loadTranslations()
    const rules = [
      ...HKA_ERROR_POLICY,
      UNKNOWN_DGI_RULE,
      HKA_REFUSAL_RULE,
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

  test('transport failures: retryable, except a wrong address', ({ assert }) => {
    const refused = transportError(
      Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      'Enviar x'
    )
    assert.instanceOf(refused, TaxTransportError)
    assert.isTrue(refused.retryable)
    assert.equal(refused.i18nKey, 'hka.transport.connection_refused')
    const notFound = transportError({ response: { status: 404 } }, 'Enviar x')
    assert.instanceOf(notFound, TaxConfigError)
    assert.isFalse(notFound.retryable)
    const timeout = transportError(new Error('timeout of 30000ms exceeded'), 'Enviar x')
    assert.equal(timeout.i18nKey, 'hka.transport.timeout')
  })

  test('the error never carries the request, which holds the tokens', ({ assert }) => {
    const axiosLike = Object.assign(new Error('Request failed with status code 503'), {
      response: { status: 503, data: 'busy' },
      config: { data: '<tem:tokenPassword>S3CRET-TOKEN</tem:tokenPassword>' },
    })
    const error = transportError(axiosLike, 'Enviar http://hka')
    const cause = error.cause as Error & Record<string, unknown>
    assert.notStrictEqual(cause, axiosLike)
    const everything =
      JSON.stringify({ error, cause, message: error.message, stack: error.stack }) +
      JSON.stringify(Object.entries(cause))
    assert.notInclude(everything, 'S3CRET-TOKEN')
    assert.equal(cause.status, 503)
  })
})
