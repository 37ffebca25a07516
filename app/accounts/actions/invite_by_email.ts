import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import type { HttpContext } from '@adonisjs/core/http'
import Invitation from '#accounts/models/invitation'
import Membership from '#accounts/models/membership'
import User from '#accounts/models/user'
import InvitationMail from '#accounts/mails/invitation_mail'
import { AccountsException } from '#accounts/errors'
import { audit } from '#accounts/audit/audit_service'
import { appUrl } from '#accounts/links'
import { hashSecret, newLinkToken } from '#accounts/secrets'
import type { InvitableRole } from '#accounts/roles'
import { assertSeatAvailable } from '#accounts/plan_hooks'

export const EMAIL_INVITATION_DAYS = 7

/**
 * Invites an address to the current company. A new invitation to the same
 * address replaces the open one (its link stops working). Members already
 * active are refused with a message; deactivated members can be invited
 * back. Open invitations hold a seat: the plan's user limit counts active
 * members plus the invitations still waiting.
 */
export default class InviteByEmail {
  async handle(ctx: HttpContext, input: { email: string; role: InvitableRole }) {
    const tenant = ctx.tenant!
    const inviter = ctx.membership!
    const email = input.email.toLowerCase()

    const existingUser = await User.findByEmail(email)
    if (existingUser) {
      const member = await Membership.query()
        .where('user_id', existingUser.id)
        .where('is_active', true)
        .first()
      if (member) throw new AccountsException('accounts.invitations.already_member', {}, 'email')
    }

    const now = DateTime.now()
    const token = newLinkToken()
    const invitation = await db.transaction(async (trx) => {
      // The one this replaces frees its seat first.
      await Invitation.query({ client: trx })
        .where('kind', 'email')
        .whereRaw('lower(email) = ?', [email])
        .whereNull('accepted_at')
        .whereNull('revoked_at')
        .update({ revokedAt: now.toJSDate() })
      await assertSeatAvailable(trx, { reservePending: true })
      return Invitation.create(
        {
          kind: 'email',
          email,
          role: input.role,
          tokenHash: hashSecret(token),
          invitedByMembershipId: inviter.id,
          expiresAt: now.plus({ days: EMAIL_INVITATION_DAYS }),
        },
        { client: trx }
      )
    })

    await audit.record(ctx, 'invitation.created', {
      entity: 'invitation',
      entityId: invitation.id,
      after: { email, role: input.role, expiresAt: invitation.expiresAt.toISO() },
    })

    const url = appUrl(`/invitations/${token}`)
    try {
      await mail.send(
        new InvitationMail(email, url, tenant.locale, {
          company: tenant.tradeName,
          inviter: ctx.auth.user!.displayName,
          role: input.role,
          days: EMAIL_INVITATION_DAYS,
        })
      )
    } catch (error) {
      logger.warn(
        { invitationId: invitation.id, err: (error as Error).message },
        'invitation mail not sent'
      )
      throw new AccountsException('accounts.invitations.mail_failed')
    }
    return invitation
  }
}
