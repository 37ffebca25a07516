/*
|--------------------------------------------------------------------------
| Tax adapters
|--------------------------------------------------------------------------
|
| Settings per country adapter. Application code never reads these; each
| country provider passes its block to its adapter.
|
*/
import env from '#start/env'
import app from '@adonisjs/core/services/app'

/**
 * SRI endpoints. `SRI_ENDPOINTS=simulator` (the default outside production)
 * points both services at the local SRI simulator; `official` uses SRI's
 * pruebas (celcer.sri.gob.ec) or producción (cel.sri.gob.ec) services
 * according to each tenant's environment. SRI_RECEPTION_URL and
 * SRI_AUTHORIZATION_URL override either choice.
 */
const sriEndpoints = env.get('SRI_ENDPOINTS', app.inProduction ? 'official' : 'simulator')
const simulatorBase = env.get('SRI_SIMULATOR_URL', 'http://127.0.0.1:3401')

const taxConfig = {
  ecuador: {
    receptionUrl:
      env.get('SRI_RECEPTION_URL') ||
      (sriEndpoints === 'simulator'
        ? `${simulatorBase}/comprobantes-electronicos-ws/RecepcionComprobantesOffline`
        : undefined),
    authorizationUrl:
      env.get('SRI_AUTHORIZATION_URL') ||
      (sriEndpoints === 'simulator'
        ? `${simulatorBase}/comprobantes-electronicos-ws/AutorizacionComprobantesOffline`
        : undefined),
    /** Per SOAP request; SRI integrations use 20–30 s. */
    timeoutMs: env.get('SRI_TIMEOUT_MS', 20_000),
    /** Highest total of an invoice to "consumidor final" (07), USD. */
    consumidorFinalCap: env.get('SRI_CONSUMIDOR_FINAL_CAP', '50'),
    /** Default factura schema version; tenants may override it. */
    invoiceVersion: env.get('SRI_INVOICE_VERSION', '2.1.0'),
  },
}

export default taxConfig
