import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import tax from '#adapters/core/services/tax'
import { audit } from '#accounts/audit/audit_service'
import Tenant from '#tenancy/models/tenant'

const customerEmailValidator = vine.compile(
  vine.object({ delivery: vine.enum(['facturo', 'authority'] as const) })
)

/**
 * Who e-mails authorized documents to the company's customers: Facturo's
 * own mail, or the authority (its PAC) where the country's adapter offers
 * 'document_email'. OWNER and ADMIN (settings.manage).
 */
export default class CustomerEmailController {
  async update(ctx: HttpContext) {
    const { request, response, session, i18n, tenant } = ctx
    const { delivery } = await request.validateUsing(customerEmailValidator)
    const offers = tax.use(tenant!.country).capabilities.services?.includes('document_email')
    if (delivery === 'authority' && !offers) {
      session.flash('error', i18n.t('settings.customer_email.not_offered'))
      return response.redirect().back()
    }
    const row = await Tenant.findOrFail(tenant!.id)
    const before = row.customerEmailDelivery
    if (before !== delivery) {
      row.customerEmailDelivery = delivery
      await row.save()
      tenant!.customerEmailDelivery = delivery
      await audit.record(ctx, 'tenant.customer_email_changed', {
        entity: 'tenant',
        entityId: row.id,
        before: { customerEmailDelivery: before },
        after: { customerEmailDelivery: delivery },
      })
    }
    session.flash('success', i18n.t(`settings.customer_email.saved_${delivery}`))
    return response.redirect().back()
  }
}
