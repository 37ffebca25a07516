import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import AuditLog from '#accounts/models/audit_log'
import { addMember, createCompany, createTenant, createUser } from '#tests/helpers/accounts'
import { INSPECT } from '#tests/helpers/tenancy'

const PORT = process.env.PORT

test.group('Tenant resolution', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a guest is sent to the login page', async ({ client }) => {
    const response = await client.get('/app').redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
  })

  test("the user's default company is active and shared with the page", async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const other = await createTenant()
    await addMember(other, user, 'READONLY')

    const response = await client.get('/app').loginAs(user).withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('reports/dashboard/show')
    response.assertInertiaPropsContains({
      tenant: {
        id: tenant.id,
        slug: tenant.slug,
        tradeName: tenant.tradeName,
        country: 'EC',
        status: 'ACTIVE',
      },
      access: { role: 'OWNER' },
      role: 'OWNER',
    })
    const memberships = response.inertiaProps.memberships as {
      tenantId: number
      current: boolean
    }[]
    assert.sameDeepMembers(
      memberships.map(({ tenantId, current }) => ({ tenantId, current })),
      [
        { tenantId: tenant.id, current: true },
        { tenantId: other.id, current: false },
      ]
    )
  })

  test('the navigation follows the role in the active company', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    const operator = await createUser()
    await addMember(tenant, operator, 'OPERATOR', { isDefault: true })

    const owner = await client.get('/app').loginAs(user).withInertia()
    const keys = (owner.inertiaProps.navigation as { key: string }[]).map((item) => item.key)
    assert.includeMembers(keys, ['dashboard', 'users', 'audit'])

    const asOperator = await client.get('/app').loginAs(operator).withInertia()
    const operatorKeys = (asOperator.inertiaProps.navigation as { key: string }[]).map(
      (item) => item.key
    )
    assert.include(operatorKeys, 'dashboard')
    assert.notInclude(operatorKeys, 'users')
    assert.notInclude(operatorKeys, 'audit')
  })

  test('the switcher changes the company kept in the session, and audits it', async ({
    client,
    assert,
  }) => {
    const { user } = await createCompany('OWNER')
    const other = await createTenant()
    await addMember(other, user, 'OPERATOR')

    const switched = await client
      .post('/app/switch')
      .json({ tenantId: other.id })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    switched.assertStatus(302)
    switched.assertHeader('location', '/app')
    switched.assertSession('activeTenantId', other.id)

    const page = await client
      .get('/app')
      .loginAs(user)
      .withSession({ activeTenantId: other.id })
      .withInertia()
    page.assertInertiaPropsContains({ tenant: { id: other.id }, role: 'OPERATOR' })

    const logged = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('action', 'tenant.switched')
      .where('tenant_id', other.id)
      .first()
    assert.equal(logged?.userId, user.id)
  })

  test('switching to a company the user does not belong to answers 404', async ({ client }) => {
    const { user } = await createCompany('OWNER')
    const stranger = await createCompany('OWNER')

    const response = await client
      .post('/app/switch')
      .json({ tenantId: stranger.tenant.id })
      .loginAs(user)
      .withCsrfToken()
      .withInertia()
    response.assertStatus(404)
    response.assertInertiaComponent('errors/not_found')
  })

  test('a stale session choice falls back to the default company', async ({ client }) => {
    const { tenant, user } = await createCompany('OWNER')
    const stranger = await createCompany('OWNER')

    const response = await client
      .get('/app')
      .loginAs(user)
      .withSession({ activeTenantId: stranger.tenant.id })
      .withInertia()
    response.assertStatus(200)
    response.assertInertiaPropsContains({ tenant: { id: tenant.id } })
  })

  test('the subdomain picks the company', async ({ client }) => {
    const { user } = await createCompany('OWNER')
    const other = await createTenant({ slug: 'acme-subdominio' })
    await addMember(other, user, 'ADMIN')

    const response = await client
      .get('/app')
      .header('host', `acme-subdominio.localhost:${PORT}`)
      .loginAs(user)
      .withInertia()
    response.assertStatus(200)
    response.assertInertiaPropsContains({
      tenant: { id: other.id, slug: 'acme-subdominio' },
      role: 'ADMIN',
    })
  })

  test('a subdomain of a company the user is not in answers 404, like an unknown one', async ({
    client,
  }) => {
    const { user } = await createCompany('OWNER')
    const stranger = await createTenant({ slug: 'ajena' })

    for (const host of [`${stranger.slug}.localhost:${PORT}`, `no-existe.localhost:${PORT}`]) {
      const response = await client.get('/app').header('host', host).loginAs(user).withInertia()
      response.assertStatus(404)
      response.assertInertiaComponent('errors/not_found')
    }
  })

  test('a deactivated membership gives no access', async ({ client }) => {
    const { user } = await createCompany('OWNER')
    const other = await createTenant({ slug: 'desactivada' })
    await addMember(other, user, 'OPERATOR', { isActive: false })

    const bySubdomain = await client
      .get('/app')
      .header('host', `desactivada.localhost:${PORT}`)
      .loginAs(user)
      .withInertia()
    bySubdomain.assertStatus(404)

    const bySwitcher = await client
      .post('/app/switch')
      .json({ tenantId: other.id })
      .loginAs(user)
      .withCsrfToken()
      .withInertia()
    bySwitcher.assertStatus(404)
  })

  test('a user with no company is sent to the no-company page', async ({ client }) => {
    const user = await createUser()
    const response = await client.get('/app').loginAs(user).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/no-company')

    const page = await client.get('/no-company').loginAs(user).withInertia()
    page.assertInertiaComponent('accounts/memberships/none')
  })
})
