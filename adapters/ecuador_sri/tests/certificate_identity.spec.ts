/*
 * Where Ecuadorian certificates state their holder's RUC and cédula, and
 * when a certificate belongs to a company (the SRI adapter answers the
 * certificates module with this).
 */
import { test } from '@japa/runner'
import { parseCertificate } from '#adapters/core/pkcs12'
import { createTestCertificate } from '#adapters/core/testing/certificates'
import {
  certificateMatchesTaxId,
  findTaxpayerIds,
} from '#adapters/ecuador_sri/certificate_identity'
import { SriAuthority } from '#adapters/ecuador_sri/sri_authority'

test.group('Ecuador | taxpayer id in the certificate', () => {
  test('new profile: organizationIdentifier and serialNumber in the subject, prefixes stripped', ({
    assert,
  }) => {
    const cert = parseCertificate(
      createTestCertificate({ ruc: '0992397535001', cedula: '0926687856' }).pem
    )
    assert.deepEqual(
      findTaxpayerIds(cert).map((id) => [id.kind, id.value]),
      [
        ['cedula', '0926687856'],
        ['ruc', '0992397535001'],
      ]
    )
  })

  test('legacy BCE-style extensions and Uanataca-style subjectAltName otherNames', ({ assert }) => {
    const bce = parseCertificate(
      createTestCertificate({ ruc: '1790011674001', identityIn: 'extension' }).pem
    )
    assert.deepEqual(findTaxpayerIds(bce), [
      { value: '1790011674001', kind: 'ruc', source: '1.3.6.1.4.1.37947.3.11' },
    ])
    const uanataca = parseCertificate(
      createTestCertificate({ ruc: '1790011674001', cedula: '1710034065', identityIn: 'san' }).pem
    )
    assert.sameDeepMembers(
      findTaxpayerIds(uanataca).map((id) => id.value),
      ['1790011674001', '1710034065']
    )
  })

  test('a natural person matches by RUC or by the cédula it starts with; a company only by RUC', ({
    assert,
  }) => {
    const person = parseCertificate(createTestCertificate({ cedula: '1710034065' }).pem)
    assert.isTrue(certificateMatchesTaxId(person, '1710034065001').matches)
    assert.isFalse(certificateMatchesTaxId(person, '1790011674001').matches)

    const employee = parseCertificate(
      createTestCertificate({ cedula: '1790011674', ruc: '1790011674001' }).pem
    )
    assert.isTrue(certificateMatchesTaxId(employee, '1790011674001').matches)
    // A cédula never proves a company RUC, even when the digits coincide.
    const cedulaOnly = parseCertificate(createTestCertificate({ cedula: '1790011674' }).pem)
    assert.isFalse(certificateMatchesTaxId(cedulaOnly, '1790011674001').matches)
  })
})

test.group('Ecuador | certificateHolder', () => {
  test('the adapter says whose certificate it is, and what it found otherwise', ({ assert }) => {
    const authority = new SriAuthority()
    const person = parseCertificate(
      createTestCertificate({ ruc: '1710034065001', cedula: '1710034065' }).pem
    )
    assert.deepEqual(authority.certificateHolder(person, '1710034065001'), {
      matches: true,
      holderTaxId: '1710034065001',
      found: ['1710034065', '1710034065001'],
    })
    const other = authority.certificateHolder(person, '1790011674001')
    assert.isFalse(other.matches)
    assert.isUndefined(other.holderTaxId)
    assert.sameMembers(other.found, ['1710034065', '1710034065001'])
  })

  test('a bare number in the subject is trusted only when it is a valid cédula', ({ assert }) => {
    // 1710034066: wrong módulo-10 check digit.
    const spoiled = parseCertificate(createTestCertificate({ cedula: '1710034066' }).pem)
    assert.deepEqual(findTaxpayerIds(spoiled), [])
  })
})
