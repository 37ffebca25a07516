import type { HttpContext } from '@adonisjs/core/http'
import Tenant from '#tenancy/models/tenant'
import Membership from '#accounts/models/membership'
import { tenantContext } from '#tenancy/tenant_context'
import { audit } from '#accounts/audit/audit_service'
import SendEmailVerification from '#accounts/actions/send_email_verification'
import RequestPasswordReset from '#accounts/actions/request_password_reset'
import { AdminException } from '#admin/errors'

/**
 * Sends the company's owner the way back in: the e-mail verification link
 * when the address was never confirmed, otherwise a link to choose a new
 * password (the owner lost access or never received the first mail).
 */
export async function resendOwnerAccess(ctx: HttpContext, tenantId: number, reason: string) {
  const tenant = await Tenant.findOrFail(tenantId)
  const owner = await tenantContext.run(tenant, () =>
    Membership.query()
      .where('role', 'OWNER')
      .where('is_active', true)
      .preload('user')
      .orderBy('created_at')
      .orderBy('id')
      .first()
  )
  if (!owner) throw new AdminException('admin.errors.no_owner')
  const user = owner.user
  const kind = user.emailVerifiedAt ? 'password_link' : 'verification'
  if (kind === 'verification') {
    const sent = await new SendEmailVerification().handle(user)
    if (!sent) throw new AdminException('admin.errors.mail_failed')
  } else {
    await new RequestPasswordReset().handle(user.email, {
      userId: ctx.auth.user!.id,
      ip: ctx.request.ip(),
      userAgent: ctx.request.header('user-agent') ?? null,
    })
  }
  await audit.record(ctx, 'admin.owner_access_resent', {
    tenantId,
    entity: 'user',
    entityId: user.id,
    after: { email: user.email, kind, reason },
  })
  return { email: user.email, kind }
}
