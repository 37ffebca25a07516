import { test } from '@japa/runner'
import { buildDocumentKey, parseDocumentKey } from '#adapters/panama_hka/document_key'

const DATA = {
  establishmentCode: '0001',
  number: '0005500015',
  emissionPointCode: '565',
  documentType: '01',
  emissionType: '01',
}

test.group('Panama HKA document key', () => {
  test('names a document by its datosDocumento, environment and RUC', ({ assert }) => {
    const key = buildDocumentKey(DATA, 'test', '155596713-2-2015')
    assert.equal(key, '0101200015650005500015-155596713-2-2015')
    assert.isAtMost(buildDocumentKey(DATA, 'production', 'X'.repeat(20)).length, 43)
    assert.deepEqual(parseDocumentKey(key), {
      ...DATA,
      environment: 'test',
      ruc: '155596713-2-2015',
    })
    assert.equal(
      parseDocumentKey(buildDocumentKey(DATA, 'production', '8-NT-1-13656'))?.environment,
      'production'
    )
  })

  test('a CUFE gives the same datosDocumento back', ({ assert }) => {
    // The CUFE of HKA's Enviar example (hka/01_documentos_fel/02_metodo_enviar.md).
    const cufe = 'FE0120000155596713-2-2015-5900012019052800055000155650121566749040'
    assert.deepEqual(parseDocumentKey(cufe), {
      ...DATA,
      environment: 'test',
      ruc: '155596713-2-2015',
      cufe,
    })
  })

  test('anything else is not a key', ({ assert }) => {
    for (const junk of [
      '',
      null,
      'abc',
      '0101200010000000000000-155596713-2-2015',
      '0101200015650000000000-155596713-2-2015',
      'FE0120000155596713-2-2015-5900012019052800055000155650121566749041',
    ]) {
      assert.isUndefined(parseDocumentKey(junk), String(junk))
    }
  })
})
