import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import Membership from '#accounts/models/membership'
import { audit } from '#accounts/audit/audit_service'
import { assertOwnerRemains } from '#accounts/actions/change_member_role'
import EndSessions from '#accounts/actions/end_sessions'
import { assertSeatAvailable } from '#accounts/plan_hooks'

/**
 * Deactivates or reactivates a member. A deactivated member keeps their
 * history but loses access to the company (the tenant middleware only
 * accepts active memberships), and every session of that person ends at
 * once, on every device and in every company: whatever was open on a
 * shared or lost computer closes with the deactivation. Reactivating takes
 * a seat of the company's plan again.
 */
export default class SetMemberActive {
  async handle(ctx: HttpContext, target: Membership, active: boolean) {
    return db.transaction(async (trx) => {
      const member = await Membership.query({ client: trx })
        .where('id', target.id)
        .forUpdate()
        .firstOrFail()
      if (member.isActive === active) return member
      if (!active) await assertOwnerRemains(trx, member)
      if (active) await assertSeatAvailable(trx)

      member.isActive = active
      await member.save()
      await audit.record(ctx, active ? 'membership.reactivated' : 'membership.deactivated', {
        entity: 'membership',
        entityId: member.id,
        before: { isActive: !active, userId: member.userId, role: member.role },
        after: { isActive: active, userId: member.userId, role: member.role },
        client: trx,
      })
      if (!active) {
        await new EndSessions().handle(member.userId, ctx, {
          reason: 'member_deactivated',
          client: trx,
        })
      }
      return member
    })
  }
}
