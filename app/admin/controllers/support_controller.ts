import type { HttpContext } from '@adonisjs/core/http'
import { reasonValidator } from '#admin/validators'
import { SUPPORT_SESSION_KEY } from '#accounts/support_view'
import { openSupportView } from '#admin/support/support_view'

/** Opens and closes the read-only support view of a company. */
export default class SupportController {
  async start(ctx: HttpContext) {
    const { reason } = await ctx.request.validateUsing(reasonValidator)
    await openSupportView(ctx, Number(ctx.params.id), reason)
    return ctx.response.redirect().toPath('/app')
  }

  async end({ session, response }: HttpContext) {
    const tenantId = Number(session.get(SUPPORT_SESSION_KEY))
    session.forget(SUPPORT_SESSION_KEY)
    if (Number.isInteger(tenantId) && tenantId > 0) {
      return response.redirect().toRoute('admin.companies.show', { id: tenantId })
    }
    return response.redirect().toRoute('admin.home')
  }
}
