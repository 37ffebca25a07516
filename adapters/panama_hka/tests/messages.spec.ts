import { test } from '@japa/runner'
import { PANAMA_MESSAGES, panamaIssue, panamaMessage } from '#adapters/panama_hka/messages'

test.group('Panama messages', () => {
  test('every message exists in Spanish and English, under tax.pa.*', ({ assert }) => {
    for (const [key, text] of Object.entries(PANAMA_MESSAGES)) {
      assert.match(key, /^tax\.pa\.[a-z_]+\.[a-z_]+$/)
      assert.isNotEmpty(text.es, key)
      assert.isNotEmpty(text.en, key)
      assert.notEqual(text.es, text.en, key)
      // Both languages use the same placeholders.
      const names = (value: string) => [...value.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
      assert.deepEqual(names(text.es), names(text.en), key)
    }
  })

  test('fills placeholders and keeps unknown ones visible', ({ assert }) => {
    assert.deepEqual(panamaMessage('tax.pa.cufe.length', { length: 12 }), {
      es: 'El CUFE debe tener 66 caracteres y tiene 12.',
      en: 'The CUFE must be 66 characters long and has 12.',
    })
    assert.include(panamaMessage('tax.pa.cufe.length').es, '{length}')
  })

  test('builds issues with the key as code', ({ assert }) => {
    assert.deepEqual(panamaIssue('tax.pa.ruc.required', 'buyer.identification'), {
      field: 'buyer.identification',
      code: 'tax.pa.ruc.required',
      message: { es: 'Ingrese el RUC.', en: 'Enter the RUC.' },
      severity: 'error',
    })
    const warning = panamaIssue('tax.pa.ruc.format', 'x', {
      severity: 'warning',
      params: { value: 'a' },
    })
    assert.equal(warning.severity, 'warning')
    assert.deepEqual(warning.params, { value: 'a' })
  })
})
