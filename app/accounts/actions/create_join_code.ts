import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Invitation from '#accounts/models/invitation'
import { audit, type AuditActor } from '#accounts/audit/audit_service'
import { formatJoinCode, hashSecret, newJoinCode } from '#accounts/secrets'
import type { InvitableRole } from '#accounts/roles'

export interface JoinCodeInput {
  role: InvitableRole
  expiresInDays: number
  maxUses?: number
  /** Who created it; null for the code Facturo issues on the first payment. */
  invitedByMembershipId: number | null
}

/**
 * A join code for the current company (its tenant context), to share by
 * any channel. Whoever enters it joins with its role until it expires, is
 * used up or revoked. The code is returned once, formatted for display;
 * only its hash is kept.
 */
export async function issueJoinCode(
  actor: HttpContext | AuditActor,
  input: JoinCodeInput,
  client?: TransactionClientContract
) {
  const code = newJoinCode()
  const invitation = await Invitation.create(
    {
      kind: 'code',
      email: null,
      role: input.role,
      tokenHash: hashSecret(code),
      codeHint: code.slice(-4),
      invitedByMembershipId: input.invitedByMembershipId,
      maxUses: input.maxUses ?? null,
      expiresAt: DateTime.now().plus({ days: input.expiresInDays }),
    },
    client ? { client } : {}
  )
  await audit.record(actor, 'join_code.created', {
    entity: 'invitation',
    entityId: invitation.id,
    after: {
      role: input.role,
      codeHint: invitation.codeHint,
      maxUses: invitation.maxUses,
      expiresAt: invitation.expiresAt.toISO(),
    },
    client,
  })
  return { invitation, code: formatJoinCode(code) }
}

/** An administrator creates a join code from the users page. */
export default class CreateJoinCode {
  async handle(
    ctx: HttpContext,
    input: { role: InvitableRole; expiresInDays: number; maxUses?: number }
  ) {
    return issueJoinCode(ctx, { ...input, invitedByMembershipId: ctx.membership!.id })
  }
}
