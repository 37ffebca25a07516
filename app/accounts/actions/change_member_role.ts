import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import Membership from '#accounts/models/membership'
import { AccountsException } from '#accounts/errors'
import { audit } from '#accounts/audit/audit_service'
import type { Role } from '#accounts/roles'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Locks the company's active owners and refuses to lose the last one.
 * The lock makes two owners demoting each other at the same moment wait
 * for each other instead of both succeeding.
 */
export async function assertOwnerRemains(trx: TransactionClientContract, leaving: Membership) {
  if (leaving.role !== 'OWNER' || !leaving.isActive) return
  const owners = await Membership.query({ client: trx })
    .where('role', 'OWNER')
    .where('is_active', true)
    .forUpdate()
  if (owners.filter((owner) => owner.id !== leaving.id).length === 0) {
    throw new AccountsException('accounts.members.last_owner')
  }
}

/** Gives a member another role (authorization is checked by the caller's policy). */
export default class ChangeMemberRole {
  async handle(ctx: HttpContext, target: Membership, role: Role) {
    return db.transaction(async (trx) => {
      const member = await Membership.query({ client: trx })
        .where('id', target.id)
        .forUpdate()
        .firstOrFail()
      if (member.role === role) return member
      if (role !== 'OWNER') await assertOwnerRemains(trx, member)

      const before = member.role
      member.role = role
      await member.save()
      await audit.record(ctx, 'membership.role_changed', {
        entity: 'membership',
        entityId: member.id,
        before: { role: before, userId: member.userId },
        after: { role, userId: member.userId },
        client: trx,
      })
      return member
    })
  }
}
