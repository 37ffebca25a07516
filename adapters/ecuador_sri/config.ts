/*
|--------------------------------------------------------------------------
| Ecuador SRI: configuration
|--------------------------------------------------------------------------
|
| The adapter's own environment variables, declared and validated here
| (start/env.ts knows nothing of them) when its provider registers, and the
| settings they make. Documented in docs/adapters/ecuador-sri.md.
|
| SRI_ENDPOINTS=simulator (the default outside production) points both
| services at the local SRI simulator; `official` uses SRI's pruebas
| (celcer.sri.gob.ec) or producción (cel.sri.gob.ec) services according to
| each tenant's environment. SRI_RECEPTION_URL and SRI_AUTHORIZATION_URL
| override either choice.
|
*/
import { Env } from '@adonisjs/core/env'
import type { SriSettings } from '#adapters/ecuador_sri/sri_authority'

/** Where `node ace tax:simulator EC` listens unless SRI_SIMULATOR_URL says otherwise. */
export const DEFAULT_SIMULATOR_URL = 'http://127.0.0.1:3401'

/** The variables the Ecuador adapter reads; all optional. */
export const sriEnvRules = Env.rules({
  SRI_ENDPOINTS: Env.schema.enum.optional(['simulator', 'official'] as const),
  SRI_SIMULATOR_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  SRI_RECEPTION_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  SRI_AUTHORIZATION_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  SRI_TIMEOUT_MS: Env.schema.number.optional(),
  SRI_CONSUMIDOR_FINAL_CAP: (key: string, value?: string) => {
    if (value === undefined || value === '') return undefined
    if (!/^\d+(\.\d{1,2})?$/.test(value)) {
      throw new Error(
        `Value for environment variable "${key}" must be an amount in USD such as 50 or 50.00, instead received "${value}"`
      )
    }
    return value
  },
  SRI_INVOICE_VERSION: Env.schema.enum.optional(['2.1.0', '1.1.0'] as const),
})

/**
 * The adapter's settings from the environment. Throws
 * E_INVALID_ENV_VARIABLES naming each wrong variable, so a typo stops the
 * boot instead of surfacing at the first submission.
 */
export function sriSettingsFromEnv(
  values: Record<string, string | undefined>,
  inProduction: boolean
): SriSettings {
  const env = sriEnvRules.validate(values)
  const endpoints = env.SRI_ENDPOINTS ?? (inProduction ? 'official' : 'simulator')
  const simulator = env.SRI_SIMULATOR_URL ?? DEFAULT_SIMULATOR_URL
  return {
    receptionUrl:
      env.SRI_RECEPTION_URL ||
      (endpoints === 'simulator'
        ? `${simulator}/comprobantes-electronicos-ws/RecepcionComprobantesOffline`
        : undefined),
    authorizationUrl:
      env.SRI_AUTHORIZATION_URL ||
      (endpoints === 'simulator'
        ? `${simulator}/comprobantes-electronicos-ws/AutorizacionComprobantesOffline`
        : undefined),
    // Per SOAP request; SRI integrations use 20–30 s.
    timeoutMs: env.SRI_TIMEOUT_MS ?? 20_000,
    // Highest total of an invoice to "consumidor final" (07), USD.
    consumidorFinalCap: env.SRI_CONSUMIDOR_FINAL_CAP ?? '50',
    // Default factura schema version; tenants may override it.
    invoiceVersion: env.SRI_INVOICE_VERSION ?? '2.1.0',
  }
}
