/*
 * The services besides the pipeline (quota, taxpayer lookup, the
 * authority's files, its e-mail) are optional: an adapter that does not
 * list them in `capabilities.services` refuses each one with
 * E_TAX_UNSUPPORTED, in both languages, and never pretends.
 */
import { test } from '@japa/runner'
import { TaxUnsupportedError } from '#adapters/core/errors'
import { FakeTaxAuthority } from '#adapters/core/fake_authority'
import tax from '#adapters/core/services/tax'
import type { IssuerContext } from '#adapters/core/types'

const issuer: IssuerContext = {
  identity: { taxId: '1', legalName: 'X', headOfficeAddress: 'Y' },
  environment: 'test',
  credentials: {},
}

test.group('TaxAuthority | optional services', () => {
  test('the defaults refuse with E_TAX_UNSUPPORTED', async ({ assert }) => {
    const authority = new FakeTaxAuthority()
    assert.isUndefined(authority.capabilities.services)
    const ref = { authorityKey: 'K' }
    for (const call of [
      () => authority.quota(issuer),
      () => authority.lookupTaxpayer({ taxId: '1' }, issuer),
      () => authority.downloadDocument(ref, 'pdf', issuer),
      () => authority.sendDocumentEmail(ref, 'a@b.test', issuer),
      () => authority.emailDeliveries(ref, issuer),
    ]) {
      const error = await call().catch((caught: unknown) => caught)
      assert.instanceOf(error, TaxUnsupportedError)
      assert.equal((error as TaxUnsupportedError).i18nKey, 'tax.errors.service_unsupported')
      assert.isAbove((error as TaxUnsupportedError).messages.es.length, 10)
    }
  })

  test('every registered adapter that lists a service implements it', ({ assert }) => {
    const methods = {
      quota: 'quota',
      taxpayer_lookup: 'lookupTaxpayer',
      document_files: 'downloadDocument',
      document_email: 'sendDocumentEmail',
    } as const
    for (const authority of tax.all()) {
      for (const service of authority.capabilities.services ?? []) {
        const own = Object.getPrototypeOf(authority)[methods[service]]
        const inherited = Object.getPrototypeOf(Object.getPrototypeOf(authority))[methods[service]]
        assert.notStrictEqual(own, inherited, `${authority.country} ${service}`)
      }
    }
  })
})
