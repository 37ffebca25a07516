import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import { billingAccountOf } from '#billing/billing_account'

/**
 * The company and its billing account, both locked until `trx` ends, the
 * way the billing module locks them for its webhooks: a console action and
 * a Stripe event on the same company apply one after the other.
 */
export async function lockCompany(trx: TransactionClientContract, tenantId: number) {
  const tenant = await Tenant.query({ client: trx }).where('id', tenantId).forUpdate().firstOrFail()
  const account = await tenantContext.run(tenant, () =>
    billingAccountOf(tenant, { client: trx, forUpdate: true })
  )
  return { tenant, account }
}
