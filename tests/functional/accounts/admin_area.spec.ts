import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import router from '@adonisjs/core/services/router'
import { createCompany, createTenant, createUser } from '#tests/helpers/accounts'

test.group('Platform console', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a super-admin sees the companies, with search', async ({ client, assert }) => {
    const admin = await createUser({ isSuperAdmin: true })
    await createTenant({ tradeName: 'Ferretería Quitumbe', slug: 'quitumbe' })
    await createCompany('OWNER')

    const list = await client.get('/admin/tenants').loginAs(admin).withInertia()
    list.assertStatus(200)
    list.assertInertiaComponent('admin/tenants/index')
    assert.isAtLeast((list.inertiaProps.tenants as unknown[]).length, 2)

    const found = await client.get('/admin/tenants?q=quitumbe').loginAs(admin).withInertia()
    const rows = found.inertiaProps.tenants as { slug: string; members: number }[]
    assert.deepEqual(
      rows.map((row) => row.slug),
      ['quitumbe']
    )
    assert.equal(rows[0].members, 0)

    const home = await client.get('/admin').loginAs(admin).redirects(0)
    home.assertHeader('location', '/admin/tenants')
  })

  test('everyone else gets the 404 page: owners, members and guests', async ({ client }) => {
    const { user: owner } = await createCompany('OWNER')
    for (const request of [
      client.get('/admin/tenants').loginAs(owner).withInertia(),
      client.get('/admin').loginAs(owner).withInertia(),
      client.get('/admin/tenants').withInertia(),
    ]) {
      const response = await request
      response.assertStatus(404)
      response.assertInertiaComponent('errors/not_found')
    }
  })
})

test.group('Platform console: every /admin route', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  /** Every registered route under /admin, with its parameters filled in. */
  function adminRoutes() {
    const routes = Object.values(router.toJSON()).flat()
    return routes
      .filter((route) => route.pattern === '/admin' || route.pattern.startsWith('/admin/'))
      .flatMap((route) =>
        route.methods
          .filter((method) => method !== 'HEAD')
          .map((method) => ({ method, path: route.pattern.replace(/:\w+\??/g, '1') }))
      )
  }

  test('answers 404 to guests and to anyone who is not a super-admin', async ({
    client,
    assert,
  }) => {
    const routes = adminRoutes()
    assert.isAtLeast(routes.length, 4)
    assert.includeDeepMembers(routes, [{ method: 'GET', path: '/admin/documents/backlog' }])
    const { user: owner } = await createCompany('OWNER')
    for (const { method, path } of routes) {
      const asGuest = await client
        .request(path, method as 'GET')
        .withCsrfToken()
        .redirects(0)
      assert.equal(asGuest.status(), 404, `guest ${method} ${path}`)
      const asOwner = await client
        .request(path, method as 'GET')
        .loginAs(owner)
        .withCsrfToken()
        .redirects(0)
      assert.equal(asOwner.status(), 404, `owner ${method} ${path}`)
    }
  })

  test('a super-admin reaches them', async ({ client, assert }) => {
    const admin = await createUser({ isSuperAdmin: true })
    for (const { path } of adminRoutes().filter((route) => route.method === 'GET')) {
      const response = await client.request(path, 'GET').loginAs(admin).redirects(0)
      assert.notEqual(response.status(), 404, path)
    }
  })
})
