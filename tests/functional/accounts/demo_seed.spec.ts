import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import Tenant from '#tenancy/models/tenant'
import User from '#accounts/models/user'
import Membership from '#accounts/models/membership'
import BillingAccount from '#billing/models/billing_account'
import { seedDemoAccounts } from '#database/demo/accounts'
import { DEMO_ACCOUNTS } from '#database/demo_accounts'
import { checkTaxId } from '#accounts/tax_id'
import { tenantContext } from '#tenancy/tenant_context'
import { INSPECT } from '#tests/helpers/tenancy'

test.group('Demo seed', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => limiter.clear())

  test('is idempotent and creates the documented companies and people', async ({ assert }) => {
    await seedDemoAccounts()
    await seedDemoAccounts()

    const tenants = await Tenant.query().whereIn('slug', ['los-andes', 'istmo']).orderBy('slug')
    assert.deepEqual(
      tenants.map((tenant) => [tenant.slug, tenant.country]),
      [
        ['istmo', 'PA'],
        ['los-andes', 'EC'],
      ]
    )
    for (const tenant of tenants) {
      // No issue at all: not even the warning of a checksum that could not be confirmed.
      const check = checkTaxId(tenant.country, tenant.taxId, tenant.taxIdDv)
      assert.deepEqual(check.issues, [], tenant.taxId)
    }

    const users = await User.query().whereIn(
      'email',
      DEMO_ACCOUNTS.map((account) => account.email)
    )
    assert.lengthOf(users, DEMO_ACCOUNTS.length)
    assert.isTrue(users.find((user) => user.email === 'superadmin@facturo.test')!.isSuperAdmin)

    const accountant = users.find((user) => user.email === 'contadora@facturo.test')!
    const memberships = await Membership.query({ withoutTenantScope: INSPECT }).where(
      'user_id',
      accountant.id
    )
    assert.lengthOf(memberships, 2, 'one demo user belongs to both companies')
    assert.lengthOf(
      memberships.filter((membership) => membership.isDefault),
      1
    )

    // Each demo company is on a plan: Los Andes pays for Profesional, Istmo is in its trial.
    const plans = tenants.map((tenant) => [tenant.slug, tenant.status, tenant.planCode])
    assert.deepEqual(plans, [
      ['istmo', 'TRIAL', 'trial'],
      ['los-andes', 'ACTIVE', 'profesional'],
    ])
    const trial = await BillingAccount.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenants[0].id)
      .firstOrFail()
    assert.isNotNull(trial.trialEndsAt)

    for (const tenant of tenants) {
      const rows = await tenantContext.run(tenant, () => Membership.query())
      const roles = rows.map((row) => row.role)
      assert.includeMembers(roles, ['OWNER', 'OPERATOR'])
    }
  })

  test('every demo login printed by npm start works', async ({ client }) => {
    await seedDemoAccounts()
    for (const account of DEMO_ACCOUNTS) {
      const response = await client
        .post('/login')
        .form({ email: account.email, password: account.password })
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
      response.assertSession('auth_web')
      response.assertHeader(
        'location',
        account.email === 'superadmin@facturo.test' ? '/admin' : '/app'
      )
    }
  })
})
