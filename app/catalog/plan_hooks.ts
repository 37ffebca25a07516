import app from '@adonisjs/core/services/app'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Whether the company's plan allows one more active establishment. The
 * catalog does not know plans: the billing module binds the real guard
 * (app/billing/provider.ts); without a binding nothing is refused.
 */
export class EstablishmentGuard {
  /** Inside `trx`, before an establishment is created or reactivated: throws to refuse. */
  async check(_trx: TransactionClientContract): Promise<void> {}
}

export async function assertCanAddEstablishment(trx: TransactionClientContract) {
  const guard = await app.container.make(EstablishmentGuard)
  await guard.check(trx)
}
