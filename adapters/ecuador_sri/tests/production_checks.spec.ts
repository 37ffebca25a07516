import { test } from '@japa/runner'
import type { ProductionFacts } from '#adapters/core/types'
import { SriAuthority } from '#adapters/ecuador_sri/sri_authority'

const DAY = 86_400_000
const now = new Date('2026-12-06T12:00:00Z')
const ruc = '1790012345001'

/** A company that passes every rule; each test breaks one. */
function ready(overrides: Partial<ProductionFacts> = {}): ProductionFacts {
  return {
    identity: { taxId: ruc, legalName: 'Ferretería Andina S.A.', headOfficeAddress: 'Quito' },
    certificate: {
      holderTaxId: ruc,
      validTo: new Date(now.getTime() + 200 * DAY),
      accredited: true,
    },
    establishments: [{ code: '001', points: [{ code: '001', nextInvoiceNumber: 1 }] }],
    production: {
      identity: { taxId: ruc, legalName: 'Ferretería Andina S.A.', headOfficeAddress: 'Quito' },
      environment: 'production',
      credentials: {},
    },
    now,
    ...overrides,
  }
}

async function judged(facts: ProductionFacts) {
  const checks = await new SriAuthority().productionChecks(facts)
  return Object.fromEntries(checks.map((check) => [check.code, check]))
}

test.group('SRI pre-flight before producción', () => {
  test('a ready company passes every rule, each with what was found', async ({ assert }) => {
    const checks = await judged(ready())
    assert.deepEqual(Object.keys(checks), [
      'certificate_valid',
      'certificate_accredited',
      'certificate_matches_tax_id',
      'emission_point',
    ])
    assert.isTrue(Object.values(checks).every((check) => check.ok))
    assert.equal(checks.emission_point.detail?.es, '001-001: siguiente 1')
    assert.equal(checks.certificate_valid.detail?.es, 'Vence el 2027-06-24.')
  })

  test('no certificate fails the three certificate rules, each pointing at the credentials page', async ({
    assert,
  }) => {
    const checks = await judged(ready({ certificate: null }))
    for (const code of [
      'certificate_valid',
      'certificate_accredited',
      'certificate_matches_tax_id',
    ]) {
      assert.isFalse(checks[code].ok, code)
      assert.equal(checks[code].fix, 'credentials')
    }
    assert.isTrue(checks.emission_point.ok)
    assert.equal(checks.certificate_valid.detail?.es, 'No hay certificado de firma.')
  })

  test('a certificate that expires within 7 days fails; one valid for 8 passes', async ({
    assert,
  }) => {
    const certificate = ready().certificate!
    const soon = await judged(
      ready({ certificate: { ...certificate, validTo: new Date(now.getTime() + 6 * DAY) } })
    )
    assert.isFalse(soon.certificate_valid.ok)
    assert.include(soon.certificate_valid.detail!.es, 'renuévalo')
    const edge = await judged(
      ready({ certificate: { ...certificate, validTo: new Date(now.getTime() + 7 * DAY) } })
    )
    assert.isFalse(edge.certificate_valid.ok)
    const later = await judged(
      ready({ certificate: { ...certificate, validTo: new Date(now.getTime() + 8 * DAY) } })
    )
    assert.isTrue(later.certificate_valid.ok)
    const expired = await judged(
      ready({ certificate: { ...certificate, validTo: new Date(now.getTime() - DAY) } })
    )
    assert.isFalse(expired.certificate_valid.ok)
  })

  test('a certificate not issued by an accredited entity fails', async ({ assert }) => {
    const checks = await judged(
      ready({ certificate: { ...ready().certificate!, accredited: false } })
    )
    assert.isFalse(checks.certificate_accredited.ok)
    assert.include(checks.certificate_accredited.detail!.en, 'accredited')
    assert.isTrue(checks.certificate_valid.ok)
  })

  test('the certificate must name the RUC (or the cédula of a natural person’s RUC)', async ({
    assert,
  }) => {
    const other = await judged(
      ready({ certificate: { ...ready().certificate!, holderTaxId: '1790099999001' } })
    )
    assert.isFalse(other.certificate_matches_tax_id.ok)
    assert.include(other.certificate_matches_tax_id.detail!.es, '1790099999001')
    const unnamed = await judged(
      ready({ certificate: { ...ready().certificate!, holderTaxId: null } })
    )
    assert.isFalse(unnamed.certificate_matches_tax_id.ok)

    // A natural person's RUC is the cédula plus 001: a certificate naming the cédula is theirs.
    const person = '1710034065001'
    const facts = ready({ certificate: { ...ready().certificate!, holderTaxId: '1710034065' } })
    facts.identity = { ...facts.identity, taxId: person }
    const natural = await judged(facts)
    assert.isTrue(natural.certificate_matches_tax_id.ok)
    // A company's RUC (third digit 9) is never matched by a cédula.
    const company = await judged(
      ready({ certificate: { ...ready().certificate!, holderTaxId: ruc.slice(0, 10) } })
    )
    assert.isFalse(company.certificate_matches_tax_id.ok)
  })

  test('without an active establishment with an emission point the last rule fails', async ({
    assert,
  }) => {
    const none = await judged(ready({ establishments: [] }))
    assert.isFalse(none.emission_point.ok)
    assert.equal(none.emission_point.fix, 'establishments')
    const empty = await judged(ready({ establishments: [{ code: '001', points: [] }] }))
    assert.isFalse(empty.emission_point.ok)
    const numbered = await judged(
      ready({
        establishments: [{ code: '002', points: [{ code: '003', nextInvoiceNumber: 1501 }] }],
      })
    )
    assert.equal(numbered.emission_point.detail?.en, '002-003: next 1501')
  })
})
