import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import { billingAccountOf } from '#billing/billing_account'
import type BillingAccount from '#billing/models/billing_account'

/**
 * Runs `work` with the company and its billing account, both locked until
 * `trx` ends, the way the billing module locks them for its webhooks: a
 * console action and a Stripe event on the same company apply one after the
 * other. `work` runs inside that company's tenant context, so the account is
 * read and saved as the company's own row (row-level security included), and
 * the action's audit entry lands in the company's log.
 */
export async function withLockedCompany<T>(
  trx: TransactionClientContract,
  tenantId: number,
  work: (locked: { tenant: Tenant; account: BillingAccount }) => Promise<T>
): Promise<T> {
  const tenant = await Tenant.query({ client: trx }).where('id', tenantId).forUpdate().firstOrFail()
  return tenantContext.run(tenant, async () => {
    const account = await billingAccountOf(tenant, { client: trx, forUpdate: true })
    return work({ tenant, account })
  })
}
