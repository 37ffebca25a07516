import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Invitation from '#accounts/models/invitation'
import Membership from '#accounts/models/membership'
import type User from '#accounts/models/user'
import { tenantContext } from '#tenancy/tenant_context'
import { AccountsException } from '#accounts/errors'
import { audit, type AuditActor } from '#accounts/audit/audit_service'
import { invitationState } from '#accounts/actions/find_invitation'
import { assertSeatAvailable } from '#accounts/plan_hooks'

/**
 * Turns an invitation into a membership for `user`, inside the inviting
 * company's context. The invitation row is locked so a single-use link
 * cannot be spent twice by two clicks. Outcomes that are not an error
 * (already a member) still mark an e-mail invitation as accepted. Whoever
 * becomes an active member takes a seat of the company's plan (a join
 * code's seats count like any other): a full plan refuses them.
 */
export default class AcceptInvitation {
  async handle(
    invitation: Invitation,
    user: User,
    actor: AuditActor,
    client?: TransactionClientContract
  ) {
    const tenant = invitation.tenant
    const inTransaction = <T>(fn: (trx: TransactionClientContract) => Promise<T>) =>
      client ? fn(client) : db.transaction(fn)
    return tenantContext.run(tenant, () =>
      inTransaction(async (trx) => {
        const locked = await Invitation.query({ client: trx })
          .where('id', invitation.id)
          .forUpdate()
          .firstOrFail()
        this.#assertUsable(locked, user)

        const existing = await Membership.query({ client: trx })
          .where('user_id', user.id)
          .forUpdate()
          .first()
        let membership: Membership
        if (existing?.isActive) {
          membership = existing
        } else if (existing) {
          // Only an administrator's e-mail invitation brings a deactivated
          // member back; a shared code must not undo a deactivation.
          if (locked.kind === 'code') throw new AccountsException('accounts.join.deactivated')
          await assertSeatAvailable(trx)
          existing.isActive = true
          existing.role = locked.role
          await existing.save()
          membership = existing
        } else {
          await assertSeatAvailable(trx)
          const hasDefault = await Membership.query({
            client: trx,
            withoutTenantScope: 'the default company is one among all of the user companies',
          })
            .where('user_id', user.id)
            .where('is_default', true)
            .first()
          membership = await Membership.create(
            { userId: user.id, role: locked.role, isActive: true, isDefault: !hasDefault },
            { client: trx }
          )
        }

        if (locked.kind === 'email') {
          locked.acceptedAt = DateTime.now()
          locked.acceptedByUserId = user.id
        } else {
          locked.useCount += 1
        }
        await locked.save()

        await audit.record(
          actor,
          locked.kind === 'email' ? 'invitation.accepted' : 'join_code.used',
          {
            tenantId: tenant.id,
            userId: user.id,
            entity: 'membership',
            entityId: membership.id,
            after: { invitationId: locked.id, role: membership.role, email: user.email },
            client: trx,
          }
        )
        return { membership, alreadyMember: existing?.isActive === true }
      })
    )
  }

  #assertUsable(invitation: Invitation, user: User) {
    const state = invitationState(invitation)
    if (state === 'expired') {
      throw new AccountsException('accounts.invitations.expired', {
        date: invitation.expiresAt.toJSDate(),
      })
    }
    if (state !== 'open') throw new AccountsException(`accounts.invitations.${state}`)
    if (
      invitation.kind === 'email' &&
      invitation.email?.toLowerCase() !== user.email.toLowerCase()
    ) {
      throw new AccountsException('accounts.invitations.other_email', { email: invitation.email })
    }
  }
}
