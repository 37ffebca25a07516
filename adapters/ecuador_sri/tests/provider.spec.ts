import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import tax from '#adapters/core/services/tax'
import { SriAuthority } from '#adapters/ecuador_sri/sri_authority'

test.group('Ecuador SRI provider', () => {
  test('registers EC with the tax manager, typed and cached', ({ assert }) => {
    assert.include(tax.countries(), 'EC')
    const authority = tax.use('EC')
    assert.instanceOf(authority, SriAuthority)
    assert.strictEqual(tax.use('EC'), authority)
    assert.isFunction(tax.conformanceFixture('EC'))
  })

  test('outside production the endpoints default to the local SRI simulator', ({ assert }) => {
    const settings = app.config.get<Record<string, unknown>>('tax.ecuador')
    assert.match(String(settings.receptionUrl), /RecepcionComprobantesOffline$/)
    assert.match(String(settings.authorizationUrl), /AutorizacionComprobantesOffline$/)
    assert.equal(settings.consumidorFinalCap, process.env.SRI_CONSUMIDOR_FINAL_CAP ?? '50')
  })
})
