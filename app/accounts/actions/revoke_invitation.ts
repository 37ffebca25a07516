import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import type Invitation from '#accounts/models/invitation'
import { audit } from '#accounts/audit/audit_service'

/** Stops an invitation or join code from being used. */
export default class RevokeInvitation {
  async handle(ctx: HttpContext, invitation: Invitation) {
    if (invitation.revokedAt) return invitation
    invitation.revokedAt = DateTime.now()
    await invitation.save()
    await audit.record(ctx, 'invitation.revoked', {
      entity: 'invitation',
      entityId: invitation.id,
      before: { kind: invitation.kind, email: invitation.email, role: invitation.role },
    })
    return invitation
  }
}
