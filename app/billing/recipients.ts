import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Membership from '#accounts/models/membership'

/**
 * Who hears about the company's plan and payments: its active owners and
 * administrators (the same people certificate alerts go to). Runs in the
 * company's tenant context.
 */
export function billingRecipients(client?: TransactionClientContract) {
  return Membership.query(client ? { client } : {})
    .where('is_active', true)
    .whereIn('role', ['OWNER', 'ADMIN'])
    .preload('user')
    .orderBy('id')
}
