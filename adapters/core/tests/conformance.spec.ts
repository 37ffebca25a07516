/*
 * Runs the TaxAuthority conformance suite against the fake adapter and
 * against every issuing adapter registered with the application's
 * TaxManager. An issuing country that registers no conformance fixture
 * fails here.
 */
import { test } from '@japa/runner'
import tax from '#adapters/core/services/tax'
import {
  defineTaxAuthorityConformance,
  profileDefaultProblems,
  profileTermProblems,
} from '#adapters/core/testing/conformance'
import { fakeConformanceFixture } from '#adapters/core/testing/fake_fixture'
import { FakeTaxAuthority } from '#adapters/core/fake_authority'
import type { ConformanceFixture } from '#adapters/core/manager'

defineTaxAuthorityConformance(fakeConformanceFixture)

const missing: string[] = []
for (const country of tax.countries()) {
  // A country whose authority does not issue yet has nothing to conform to.
  if (!tax.use(country).capabilities.issuing) continue
  const loader = tax.conformanceFixture(country)
  if (!loader) {
    missing.push(country)
    continue
  }
  const loaded = await loader()
  const fixture: ConformanceFixture = 'default' in loaded ? loaded.default : loaded
  defineTaxAuthorityConformance(fixture)
}

test.group('TaxAuthority conformance | registry', () => {
  test('every registered country provides a conformance fixture', ({ assert }) => {
    assert.deepEqual(missing, [])
  })

  test('every registered country, issuing or not, starts its forms from its own codes', ({
    assert,
  }) => {
    for (const country of tax.countries()) {
      assert.deepEqual(profileDefaultProblems(tax.use(country)), [], country)
    }
  })

  test('every registered country names its tax, document key, PDF and authority for the pages', ({
    assert,
  }) => {
    for (const country of tax.countries()) {
      assert.deepEqual(profileTermProblems(tax.use(country)), [], country)
    }
    const broken = new FakeTaxAuthority({
      profile: { currency: { code: 'USD', locale: 'es', display: 'B/.' } },
    })
    assert.deepEqual(profileTermProblems(broken), ['currency B/.'])
  })
})
