import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import Invitation from '#accounts/models/invitation'
import { audit } from '#accounts/audit/audit_service'
import { formatJoinCode, hashSecret, newJoinCode } from '#accounts/secrets'
import type { InvitableRole } from '#accounts/roles'

/**
 * A join code for the current company, to share by any channel. Whoever
 * enters it joins with its role until it expires, is used up or revoked.
 * The code is returned once, for display; only its hash is kept.
 */
export default class CreateJoinCode {
  async handle(
    ctx: HttpContext,
    input: { role: InvitableRole; expiresInDays: number; maxUses?: number }
  ) {
    const code = newJoinCode()
    const invitation = await Invitation.create({
      kind: 'code',
      email: null,
      role: input.role,
      tokenHash: hashSecret(code),
      codeHint: code.slice(-4),
      invitedByMembershipId: ctx.membership!.id,
      maxUses: input.maxUses ?? null,
      expiresAt: DateTime.now().plus({ days: input.expiresInDays }),
    })
    await audit.record(ctx, 'join_code.created', {
      entity: 'invitation',
      entityId: invitation.id,
      after: {
        role: input.role,
        codeHint: invitation.codeHint,
        maxUses: invitation.maxUses,
        expiresAt: invitation.expiresAt.toISO(),
      },
    })
    return { invitation, code: formatJoinCode(code) }
  }
}
