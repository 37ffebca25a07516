import { BasePolicy } from '@adonisjs/bouncer'
import type Membership from '#accounts/models/membership'
import type Invitation from '#accounts/models/invitation'
import { roleAllows } from '#accounts/roles'

/** Invitations and join codes are part of managing users. */
export default class InvitationPolicy extends BasePolicy {
  create(actor: Membership) {
    return actor.isActive && roleAllows(actor.role, 'users.manage')
  }

  revoke(actor: Membership, invitation: Invitation) {
    return this.create(actor) && invitation.tenantId === actor.tenantId
  }
}
