import type { HttpContext } from '@adonisjs/core/http'
import { checkHealth } from '#core/health/health_check'

/**
 * GET /health for load balancers and operators: 200 when every component is
 * up, 503 otherwise, always with the per-component report.
 */
export default class HealthController {
  async show({ response }: HttpContext) {
    const report = await checkHealth()
    return response.status(report.status === 'ok' ? 200 : 503).json(report)
  }
}
