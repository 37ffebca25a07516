import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Tenant from '#tenancy/models/tenant'
import Customer from '#catalog/models/customer'
import Product from '#catalog/models/product'
import Establishment from '#catalog/models/establishment'
import EmissionPoint from '#catalog/models/emission_point'
import { tenantContext } from '#tenancy/tenant_context'
import { seedDemoAccounts } from '#database/demo/accounts'
import { seedDemoCatalog } from '#database/demo/catalog'
import {
  checkCustomerIdentity,
  emissionPointCodeFormat,
  establishmentCodeFormat,
  findTaxCategory,
  matchesFormat,
  rulesFor,
} from '#catalog/country_rules'
import { i18nFor } from '#catalog/i18n'
import { INSPECT } from '#tests/helpers/tenancy'

test.group('Demo catalog seed', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('is idempotent and every row passes the country rules', async ({ assert }) => {
    await seedDemoAccounts()
    await seedDemoCatalog()
    // One query after the other: the test transaction is a single connection.
    const counts = async () => {
      const result: number[] = []
      for (const Model of [Customer, Product, Establishment, EmissionPoint] as const) {
        const rows = await (Model as typeof Customer).query({ withoutTenantScope: INSPECT })
        result.push(rows.length)
      }
      return result
    }
    const first = await counts()
    await seedDemoCatalog()
    assert.deepEqual(await counts(), first)

    for (const slug of ['los-andes', 'istmo']) {
      const tenant = await Tenant.findByOrFail('slug', slug)
      const rules = rulesFor(tenant.country)
      await tenantContext.run(tenant, async () => {
        const customers = await Customer.all()
        assert.isAtLeast(customers.length, 4, slug)
        for (const customer of customers) {
          const check = checkCustomerIdentity(rules, customer, i18nFor('es'))
          assert.deepEqual(check.errors, [], `${slug} ${customer.legalName}`)
        }
        const products = await Product.all()
        assert.isAtLeast(products.length, 5, slug)
        for (const product of products) {
          assert.isTrue(findTaxCategory(rules, product.taxCategory)?.active, product.code)
        }
        const establishments = await Establishment.query().preload('emissionPoints')
        assert.lengthOf(establishments, 1, slug)
        assert.isTrue(matchesFormat(establishmentCodeFormat(rules), establishments[0].code))
        assert.lengthOf(establishments[0].emissionPoints, 1)
        assert.isTrue(
          matchesFormat(emissionPointCodeFormat(rules), establishments[0].emissionPoints[0].code)
        )
      })
    }
  })
})
