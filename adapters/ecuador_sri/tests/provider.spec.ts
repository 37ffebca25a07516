import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import tax from '#adapters/core/services/tax'
import { SriAuthority } from '#adapters/ecuador_sri/sri_authority'
import { DEFAULT_SIMULATOR_URL, sriSettingsFromEnv } from '#adapters/ecuador_sri/config'
import EcuadorSriProvider from '#adapters/ecuador_sri/provider'

/** Runs `fn` with some variables set in process.env (the validator reads it first), then restores them. */
function withEnv<T>(values: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]))
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  try {
    return fn()
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
}

const NO_SRI_ENV = {
  SRI_ENDPOINTS: undefined,
  SRI_SIMULATOR_URL: undefined,
  SRI_RECEPTION_URL: undefined,
  SRI_AUTHORIZATION_URL: undefined,
  SRI_TIMEOUT_MS: undefined,
  SRI_CONSUMIDOR_FINAL_CAP: undefined,
  SRI_INVOICE_VERSION: undefined,
}

test.group('Ecuador SRI provider', () => {
  test('registers EC with the tax manager, typed and cached, with its simulator', ({ assert }) => {
    assert.include(tax.countries(), 'EC')
    const authority = tax.use('EC')
    assert.instanceOf(authority, SriAuthority)
    assert.strictEqual(tax.use('EC'), authority)
    assert.isFunction(tax.conformanceFixture('EC'))
    assert.isFunction(tax.simulator('EC'))
  })

  test('outside production the endpoints default to the local SRI simulator', ({ assert }) => {
    const settings = withEnv(NO_SRI_ENV, () => sriSettingsFromEnv(process.env, false))
    assert.deepEqual(settings, {
      receptionUrl: `${DEFAULT_SIMULATOR_URL}/comprobantes-electronicos-ws/RecepcionComprobantesOffline`,
      authorizationUrl: `${DEFAULT_SIMULATOR_URL}/comprobantes-electronicos-ws/AutorizacionComprobantesOffline`,
      timeoutMs: 20_000,
      consumidorFinalCap: '50',
      invoiceVersion: '2.1.0',
    })
    // In production SRI's official services are used (the transport picks them per environment).
    const production = withEnv(NO_SRI_ENV, () => sriSettingsFromEnv(process.env, true))
    assert.isUndefined(production.receptionUrl)
    assert.isUndefined(production.authorizationUrl)
  })

  test('its variables are read by the provider, not by start/env.ts', ({ assert }) => {
    const settings = withEnv(
      { ...NO_SRI_ENV, SRI_SIMULATOR_URL: 'http://127.0.0.1:4999', SRI_TIMEOUT_MS: '1500' },
      () => {
        const provider = new EcuadorSriProvider(app)
        provider.register()
        return provider.settings
      }
    )
    assert.equal(
      settings.receptionUrl,
      'http://127.0.0.1:4999/comprobantes-electronicos-ws/RecepcionComprobantesOffline'
    )
    assert.equal(settings.timeoutMs, 1500)
  })

  test('a wrong value stops the provider with the variable named', ({ assert }) => {
    const failure = (values: Record<string, string>) =>
      withEnv({ ...NO_SRI_ENV, ...values }, () => {
        try {
          new EcuadorSriProvider(app).register()
        } catch (error) {
          return error as Error & { code?: string; help?: string }
        }
        assert.fail('expected E_INVALID_ENV_VARIABLES')
      })!

    const timeout = failure({ SRI_TIMEOUT_MS: 'veinte' })
    assert.equal(timeout.code, 'E_INVALID_ENV_VARIABLES')
    assert.include(timeout.help, 'SRI_TIMEOUT_MS')
    const version = failure({ SRI_INVOICE_VERSION: '3.0.0' })
    assert.include(version.help, 'SRI_INVOICE_VERSION')
    const cap = failure({ SRI_CONSUMIDOR_FINAL_CAP: 'cincuenta' })
    assert.include(cap.help, 'must be an amount in USD such as 50 or 50.00')
  })
})
