/*
|--------------------------------------------------------------------------
| What the company's plan decides inside accounts' transactions
|--------------------------------------------------------------------------
|
| Accounts does not know plans: the billing module binds these in the
| container (app/billing/provider.ts) and accounts resolves them, so the
| dependency points from billing to accounts only. Both run inside the
| caller's transaction, because they must be able to refuse (or roll back
| with) what it writes; without a binding nothing is refused.
|
*/
import app from '@adonisjs/core/services/app'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Tenant from '#tenancy/models/tenant'

export class SeatGuard {
  /**
   * Inside `trx`, before someone becomes an active member of the current
   * company: throws when every seat is taken. With `reservePending`, open
   * e-mail invitations count as taken seats too.
   */
  async check(
    _trx: TransactionClientContract,
    _options: { reservePending?: boolean } = {}
  ): Promise<void> {}
}

export class NewCompanyHook {
  /** Inside the registration transaction, once the company exists (its plan's trial starts). */
  async created(_tenant: Tenant, _trx: TransactionClientContract): Promise<void> {}
}

/** Throws when the current company has no free seat (see SeatGuard). */
export async function assertSeatAvailable(
  trx: TransactionClientContract,
  options: { reservePending?: boolean } = {}
) {
  const guard = await app.container.make(SeatGuard)
  await guard.check(trx, options)
}
