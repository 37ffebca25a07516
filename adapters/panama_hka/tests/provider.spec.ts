import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import tax from '#adapters/core/services/tax'
import { PanamaAuthority } from '#adapters/panama_hka/panama_authority'
import {
  DEFAULT_SIMULATOR_URL,
  SIMULATOR_LOOKUP_TOKENS,
  hkaSettingsFromEnv,
} from '#adapters/panama_hka/config'
import PanamaHkaProvider from '#adapters/panama_hka/provider'

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

const NO_HKA_ENV = {
  HKA_ENDPOINTS: undefined,
  HKA_SIMULATOR_URL: undefined,
  HKA_DEMO_URL: undefined,
  HKA_PRODUCTION_URL: undefined,
  HKA_TIMEOUT_MS: undefined,
  HKA_LOOKUP_TOKEN_EMPRESA: undefined,
  HKA_LOOKUP_TOKEN_PASSWORD: undefined,
  HKA_LOOKUP_ENVIRONMENT: undefined,
}

test.group('Panama HKA provider', () => {
  test('registers PA with the tax manager, with its simulator and translations', ({ assert }) => {
    assert.include(tax.countries(), 'PA')
    const authority = tax.use('PA')
    assert.instanceOf(authority, PanamaAuthority)
    assert.strictEqual(tax.use('PA'), authority)
    assert.isFunction(tax.simulator('PA'))
    assert.match(tax.simulatorUrl('PA')!, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.isTrue(tax.translationFolders().some((folder) => folder.includes('panama_hka')))
  })

  test('outside production both environments go to the local HKA simulator', ({ assert }) => {
    const settings = withEnv(NO_HKA_ENV, () => hkaSettingsFromEnv(process.env, false))
    assert.deepEqual(settings, {
      demoUrl: `${DEFAULT_SIMULATOR_URL}/ws/obj/v1.0/Service.svc`,
      productionUrl: `${DEFAULT_SIMULATOR_URL}/ws/obj/v1.0/Service.svc`,
      timeoutMs: 30_000,
      simulatorUrl: DEFAULT_SIMULATOR_URL,
      platformLookup: { tokens: SIMULATOR_LOOKUP_TOKENS, environment: 'test' },
    })
    // In production HKA's own services are used (the transport picks them per environment).
    const production = withEnv(NO_HKA_ENV, () => hkaSettingsFromEnv(process.env, true))
    assert.isUndefined(production.demoUrl)
    assert.isUndefined(production.productionUrl)
    // No built-in lookup tokens reach HKA's services: sign-up lookups need the platform's own.
    assert.isUndefined(production.platformLookup)
  })

  test('sign-up RUC lookups use the platform tokens of HKA_LOOKUP_TOKEN_*', ({ assert }) => {
    const settings = withEnv(
      {
        ...NO_HKA_ENV,
        HKA_ENDPOINTS: 'official',
        HKA_LOOKUP_TOKEN_EMPRESA: 'empresa',
        HKA_LOOKUP_TOKEN_PASSWORD: 'clave',
        HKA_LOOKUP_ENVIRONMENT: 'production',
      },
      () => hkaSettingsFromEnv(process.env, true)
    )
    assert.deepEqual(settings.platformLookup, {
      tokens: { tokenEmpresa: 'empresa', tokenPassword: 'clave' },
      environment: 'production',
    })
    // Half a pair is no pair; a simulator with explicit HKA URLs gets no built-in pair either.
    const half = withEnv(
      { ...NO_HKA_ENV, HKA_ENDPOINTS: 'official', HKA_LOOKUP_TOKEN_EMPRESA: 'x' },
      () => hkaSettingsFromEnv(process.env, false)
    )
    assert.isUndefined(half.platformLookup)
  })

  test('its variables are read by the provider, not by start/env.ts', ({ assert }) => {
    const settings = withEnv(
      {
        ...NO_HKA_ENV,
        HKA_SIMULATOR_URL: 'http://127.0.0.1:4998/',
        HKA_PRODUCTION_URL: 'https://emision.example/ws/obj/v1.0/Service.svc',
        HKA_TIMEOUT_MS: '45000',
      },
      () => {
        const provider = new PanamaHkaProvider(app)
        provider.register()
        return provider.settings
      }
    )
    assert.equal(settings.demoUrl, 'http://127.0.0.1:4998/ws/obj/v1.0/Service.svc')
    assert.equal(settings.productionUrl, 'https://emision.example/ws/obj/v1.0/Service.svc')
    assert.equal(settings.timeoutMs, 45_000)
    assert.equal(settings.simulatorUrl, 'http://127.0.0.1:4998')
    const official = withEnv({ ...NO_HKA_ENV, HKA_ENDPOINTS: 'official' }, () =>
      hkaSettingsFromEnv(process.env, false)
    )
    assert.isUndefined(official.demoUrl)
  })

  test('a wrong value stops the provider with the variable named', ({ assert }) => {
    const failure = (values: Record<string, string>) =>
      withEnv({ ...NO_HKA_ENV, ...values }, () => {
        try {
          new PanamaHkaProvider(app).register()
        } catch (error) {
          return error as Error & { code?: string; help?: string }
        }
        assert.fail('expected E_INVALID_ENV_VARIABLES')
      })!
    const timeout = failure({ HKA_TIMEOUT_MS: 'treinta' })
    assert.equal(timeout.code, 'E_INVALID_ENV_VARIABLES')
    assert.include(timeout.help, 'HKA_TIMEOUT_MS')
    assert.include(failure({ HKA_ENDPOINTS: 'hka' }).help, 'HKA_ENDPOINTS')
    assert.include(failure({ HKA_LOOKUP_ENVIRONMENT: 'demo' }).help, 'HKA_LOOKUP_ENVIRONMENT')
  })
})
