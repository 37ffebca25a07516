import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Tenant from '#tenancy/models/tenant'
import Invitation from '#accounts/models/invitation'
import { issueJoinCode } from '#accounts/actions/create_join_code'
import { invitationState } from '#accounts/actions/find_invitation'
import VaultSecret from '#certificates/models/vault_secret'
import { openSecret, storeSecret } from '#certificates/vault/secrets'
import type BillingAccount from '#billing/models/billing_account'

/**
 * The organisation's join code, issued by the first successful payment:
 * an ordinary join code of the accounts module (people join as operators;
 * every seat taken counts against the plan's user limit when they join),
 * valid for a year. Its plaintext is sealed in the vault so the owner can
 * read it again on the billing page; the invitation keeps only its hash.
 */
export const ORGANISATION_CODE_ROLE = 'OPERATOR' as const
export const ORGANISATION_CODE_DAYS = 365

/**
 * Inside the payment's transaction and the company's tenant context:
 * issues the code unless the company already got one. Returns true when
 * it issued it.
 */
export async function issueOrganisationCode(
  trx: TransactionClientContract,
  tenant: Tenant,
  account: BillingAccount
) {
  if (account.joinCodeInvitationId !== null) return false
  const { invitation, code } = await issueJoinCode(
    { tenantId: tenant.id },
    {
      role: ORGANISATION_CODE_ROLE,
      expiresInDays: ORGANISATION_CODE_DAYS,
      invitedByMembershipId: null,
    },
    trx
  )
  const secret = await storeSecret(tenant.id, 'billing.join_code', code, trx)
  account.joinCodeInvitationId = invitation.id
  account.joinCodeSecretId = secret.id
  return true
}

export interface OrganisationCode {
  code: string
  state: 'open' | 'expired' | 'revoked' | 'used'
  expiresAt: string
  uses: number
}

/** The code as the billing page shows it (tenant context), or null before the first payment. */
export async function readOrganisationCode(
  account: BillingAccount
): Promise<OrganisationCode | null> {
  if (account.joinCodeInvitationId === null || account.joinCodeSecretId === null) return null
  const [invitation, secret] = await Promise.all([
    Invitation.find(account.joinCodeInvitationId),
    VaultSecret.find(account.joinCodeSecretId),
  ])
  if (!invitation || !secret) return null
  const code = await openSecret(secret)
  return {
    code: code.toString('utf8'),
    state: invitationState(invitation),
    expiresAt: invitation.expiresAt.toISO()!,
    uses: invitation.useCount,
  }
}
