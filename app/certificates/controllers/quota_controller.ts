import type { HttpContext } from '@adonisjs/core/http'
import { refreshQuota } from '#certificates/quota/refresh_quota'
import { quotaSummary } from '#certificates/quota/quota_summary'

/**
 * "Actualizar" on the folios card (dashboard and credentials page): reads
 * the company's folios from its PAC now and goes back to the page, which
 * shows the new figures or the failure. Owners and admins
 * (`certificates.upload`).
 */
export default class QuotaController {
  async refresh({ tenant, session, response, i18n }: HttpContext) {
    const { outcome } = await refreshQuota(tenant!)
    if (outcome === 'ok') {
      const quota = await quotaSummary(tenant!, i18n.locale)
      session.flash(
        'success',
        i18n.t('certificates.quota.refreshed', { available: quota?.available ?? 0 })
      )
    } else {
      session.flash('error', i18n.t(`certificates.quota.refresh_${outcome}`))
    }
    return response.redirect().back()
  }
}
