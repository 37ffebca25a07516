/*
|--------------------------------------------------------------------------
| Bouncer abilities
|--------------------------------------------------------------------------
|
| The actor is the signed-in user's membership in the current company (see
| initialize_bouncer_middleware): roles belong to memberships, not users.
| Permissions per role come from #accounts/roles (matrix in docs/roles.md).
|
*/
import { Bouncer } from '@adonisjs/bouncer'
import type Membership from '#accounts/models/membership'
import { roleAllows, type Permission } from '#accounts/roles'

/** Generic check used by the `permission` route middleware. */
export const hasPermission = Bouncer.ability((actor: Membership, permission: Permission) => {
  return actor.isActive && roleAllows(actor.role, permission)
})

export const manageUsers = Bouncer.ability((actor: Membership) => {
  return actor.isActive && roleAllows(actor.role, 'users.manage')
})

export const viewAudit = Bouncer.ability((actor: Membership) => {
  return actor.isActive && roleAllows(actor.role, 'audit.view')
})
