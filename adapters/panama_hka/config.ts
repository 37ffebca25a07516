/*
|--------------------------------------------------------------------------
| Panama HKA: configuration
|--------------------------------------------------------------------------
|
| The adapter's own environment variables, declared and validated here
| (start/env.ts knows nothing of them) when its provider registers, and the
| settings they make. Documented in docs/adapters/panama-hka.md.
|
| HKA_ENDPOINTS=simulator (the default outside production) sends both
| environments to the local HKA simulator at HKA_SIMULATOR_URL; `official`
| uses HKA's demo service (demoemision.thefactoryhka.com.pa) or its
| production one according to each company's environment. HKA_DEMO_URL and
| HKA_PRODUCTION_URL override either choice.
|
*/
import { Env } from '@adonisjs/core/env'
import { SERVICE_PATH } from '#adapters/panama_hka/transport/hka_transport'
import type { HkaSettings } from '#adapters/panama_hka/panama_authority'

/** Where `node ace tax:simulator PA` listens unless HKA_SIMULATOR_URL says otherwise. */
export const DEFAULT_SIMULATOR_URL = 'http://127.0.0.1:3402'

/** The variables the Panama adapter reads; all optional. */
export const hkaEnvRules = Env.rules({
  HKA_ENDPOINTS: Env.schema.enum.optional(['simulator', 'official'] as const),
  HKA_SIMULATOR_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  HKA_DEMO_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  HKA_PRODUCTION_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  HKA_TIMEOUT_MS: Env.schema.number.optional(),
  HKA_LOOKUP_TOKEN_EMPRESA: Env.schema.string.optional(),
  HKA_LOOKUP_TOKEN_PASSWORD: Env.schema.string.optional(),
  HKA_LOOKUP_ENVIRONMENT: Env.schema.enum.optional(['test', 'production'] as const),
})

/**
 * The tokens the simulator accepts for the platform's RUC lookups when no
 * HKA_LOOKUP_TOKEN_* are set: it opens an account for unknown tokens, so any
 * pair works there. Never sent to HKA's own services.
 */
export const SIMULATOR_LOOKUP_TOKENS = {
  tokenEmpresa: 'facturo-consulta-ruc',
  tokenPassword: 'facturo-consulta-ruc',
} as const

/**
 * The adapter's settings from the environment. Throws
 * E_INVALID_ENV_VARIABLES naming each wrong variable, so a typo stops the
 * boot instead of surfacing at the first submission.
 */
export function hkaSettingsFromEnv(
  values: Record<string, string | undefined>,
  inProduction: boolean
): HkaSettings {
  const env = hkaEnvRules.validate(values)
  const endpoints = env.HKA_ENDPOINTS ?? (inProduction ? 'official' : 'simulator')
  const simulatorUrl = (env.HKA_SIMULATOR_URL ?? DEFAULT_SIMULATOR_URL).replace(/\/+$/, '')
  const simulatorService = endpoints === 'simulator' ? `${simulatorUrl}${SERVICE_PATH}` : undefined
  // RUC lookups before a company has tokens (sign-up) use the platform's own
  // HKA account; against the simulator a built-in pair does, and against
  // HKA's services without the variables there is no such lookup.
  const lookupTokens =
    env.HKA_LOOKUP_TOKEN_EMPRESA && env.HKA_LOOKUP_TOKEN_PASSWORD
      ? { tokenEmpresa: env.HKA_LOOKUP_TOKEN_EMPRESA, tokenPassword: env.HKA_LOOKUP_TOKEN_PASSWORD }
      : endpoints === 'simulator' && !env.HKA_DEMO_URL && !env.HKA_PRODUCTION_URL
        ? { ...SIMULATOR_LOOKUP_TOKENS }
        : undefined
  return {
    demoUrl: env.HKA_DEMO_URL || simulatorService,
    productionUrl: env.HKA_PRODUCTION_URL || simulatorService,
    // Per SOAP request; at least 30 s against HKA (panama-hka.md §1.5).
    timeoutMs: env.HKA_TIMEOUT_MS ?? 30_000,
    simulatorUrl,
    platformLookup: lookupTokens
      ? { tokens: lookupTokens, environment: env.HKA_LOOKUP_ENVIRONMENT ?? 'test' }
      : undefined,
  }
}
