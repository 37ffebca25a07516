import Invitation from '#accounts/models/invitation'
import { withoutTenantScope } from '#tenancy/tenant_context'
import { hashSecret, normalizeJoinCode } from '#accounts/secrets'

export type InvitationState = 'open' | 'expired' | 'revoked' | 'used'

/**
 * Invitation look-ups by secret. The reader is not a member yet and no
 * company is chosen, so the look-up crosses tenants on purpose; the secret
 * itself (256 bits for links, 60 for codes) is the authorization.
 */
export function findInvitationByToken(token: string) {
  if (!/^[\w-]{20,100}$/.test(token)) return Promise.resolve(null)
  return withoutTenantScope('an invitation link is looked up by its secret', () =>
    Invitation.query()
      .where('token_hash', hashSecret(token))
      .where('kind', 'email')
      .preload('tenant')
      .first()
  )
}

export function findInvitationByCode(input: string) {
  const code = normalizeJoinCode(input)
  if (!code) return Promise.resolve(null)
  return withoutTenantScope('a join code is looked up by its secret', () =>
    Invitation.query()
      .where('token_hash', hashSecret(code))
      .where('kind', 'code')
      .preload('tenant')
      .first()
  )
}

export function invitationState(invitation: Invitation): InvitationState {
  if (invitation.revokedAt) return 'revoked'
  if (invitation.isUsedUp) return 'used'
  if (invitation.isExpired) return 'expired'
  return 'open'
}
