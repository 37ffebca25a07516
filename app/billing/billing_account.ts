import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import BillingAccount from '#billing/models/billing_account'
import billingConfig from '#config/billing'
import { clock } from '#core/clock'

/**
 * The company's billing account, created on first use (companies created
 * before billing, by seeds or tests, have none yet). With `forUpdate`
 * the row is locked until `trx` ends: every change of billing state goes
 * through this lock, so two webhooks for one company apply one after the
 * other. Runs inside the company's tenant context.
 */
export async function billingAccountOf(
  tenant: Tenant,
  options: { client?: TransactionClientContract; forUpdate?: boolean } = {}
): Promise<BillingAccount> {
  const client = options.client ?? db.connection()
  await client
    .insertQuery()
    .table('billing_accounts')
    .insert({ tenant_id: tenant.id, created_at: new Date(), payment_status: 'none' })
    .knexQuery.onConflict(['tenant_id'])
    .ignore()
  const query = BillingAccount.query({ client }).where('tenant_id', tenant.id)
  if (options.forUpdate) query.forUpdate()
  return query.firstOrFail()
}

/**
 * Starts a new company's trial (sign-up): the trial plan is already its
 * plan (the tenants default); this sets when the trial ends.
 */
export async function startTrial(tenant: Tenant, client: TransactionClientContract) {
  return tenantContext.run(tenant, async () => {
    const account = await billingAccountOf(tenant, { client, forUpdate: true })
    account.trialEndsAt = DateTime.fromJSDate(clock.now()).plus({ days: billingConfig.trialDays })
    await account.save()
    return account
  })
}
