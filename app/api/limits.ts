import app from '@adonisjs/core/services/app'

interface Allowance {
  requests: number
  duration: number
}

/** config/api.ts's figure, or the built-in one when the config is not loaded. */
function configured(name: 'perToken' | 'perCompany', fallback: Allowance): Allowance {
  return app.config.get<Allowance>(`api.limits.${name}`, fallback)
}

/**
 * Request allowances of the REST API per token and per company, over a
 * window of `duration` seconds: config/api.ts (API_LIMIT_PER_TOKEN,
 * API_LIMIT_PER_COMPANY), 300 and 600 a minute by default. A container
 * binding, so tests can swap small ones in.
 */
export class ApiLimits {
  constructor(
    readonly perToken = configured('perToken', { requests: 300, duration: 60 }),
    readonly perCompany = configured('perCompany', { requests: 600, duration: 60 })
  ) {}
}
