import { BasePolicy } from '@adonisjs/bouncer'
import type Membership from '#accounts/models/membership'
import { roleAllows, type Role } from '#accounts/roles'

/**
 * Who may change whom in a company. OWNER and ADMIN manage members; only an
 * OWNER may touch an owner or make someone owner. "The last owner stays" is
 * a business rule checked in the actions under a row lock, not here.
 */
export default class MembershipPolicy extends BasePolicy {
  #manages(actor: Membership, target: Membership) {
    return (
      actor.isActive && actor.tenantId === target.tenantId && roleAllows(actor.role, 'users.manage')
    )
  }

  changeRole(actor: Membership, target: Membership, role: Role) {
    if (!this.#manages(actor, target)) return false
    if ((target.role === 'OWNER' || role === 'OWNER') && actor.role !== 'OWNER') return false
    return true
  }

  deactivate(actor: Membership, target: Membership) {
    if (!this.#manages(actor, target)) return false
    return target.role !== 'OWNER' || actor.role === 'OWNER'
  }

  reactivate(actor: Membership, target: Membership) {
    return this.deactivate(actor, target)
  }
}
