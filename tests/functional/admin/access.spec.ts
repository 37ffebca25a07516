import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import router from '@adonisjs/core/services/router'
import Plan from '#billing/models/plan'
import { createCompany, createUser } from '#tests/helpers/accounts'

/** Every registered route under /admin, with its parameters filled in. */
function adminRoutes(ids: Record<string, string> = {}) {
  const routes = Object.values(router.toJSON()).flat()
  return routes
    .filter((route) => route.pattern === '/admin' || route.pattern.startsWith('/admin/'))
    .flatMap((route) =>
      route.methods
        .filter((method) => method !== 'HEAD')
        .map((method) => ({
          method,
          pattern: route.pattern,
          path: route.pattern.replace(/:(\w+)\??/g, (_, name: string) => ids[name] ?? '1'),
        }))
    )
}

test.group('Platform console: every /admin route', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('answers 404 to guests and to every member of a company, whatever the method', async ({
    client,
    assert,
  }) => {
    const routes = adminRoutes()
    // The console's pages and actions, the old companies address and the monitoring JSON.
    assert.isAtLeast(routes.length, 20)
    assert.includeDeepMembers(
      routes.map(({ method, path }) => ({ method, path })),
      [
        { method: 'GET', path: '/admin' },
        { method: 'GET', path: '/admin/companies' },
        { method: 'POST', path: '/admin/companies/1/suspend' },
        { method: 'GET', path: '/admin/documents/backlog' },
        { method: 'GET', path: '/admin/audit/export' },
      ]
    )
    const people = [null]
    for (const role of ['OWNER', 'ADMIN', 'OPERATOR', 'READONLY'] as const) {
      const { user } = await createCompany(role)
      people.push(user as any)
    }
    for (const { method, path } of routes) {
      for (const person of people) {
        const request = client
          .request(path, method as 'GET')
          .withCsrfToken()
          .redirects(0)
        if (person) request.loginAs(person)
        const response = await request
        assert.equal(response.status(), 404, `${person ? 'member' : 'guest'} ${method} ${path}`)
      }
    }
    // Every console route times five people: a few hundred requests, one at a time.
  }).timeout(240_000)

  test('the 404 is the ordinary not-found page', async ({ client }) => {
    const { user } = await createCompany('OWNER')
    for (const request of [
      client.get('/admin').loginAs(user).withInertia(),
      client.get('/admin/companies').withInertia(),
    ]) {
      const response = await request
      response.assertStatus(404)
      response.assertInertiaComponent('errors/not_found')
    }
  })

  test('a super-admin reaches every page', async ({ client, assert }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const { tenant } = await createCompany('OWNER')
    const plan = await Plan.findByOrFail('code', 'basico')
    const pages = adminRoutes({ id: String(tenant.id) })
      .filter((route) => route.method === 'GET')
      .map((route) =>
        route.pattern.startsWith('/admin/plans/:id')
          ? route.pattern.replace(':id', String(plan.id))
          : route.path
      )
    for (const path of pages) {
      const response = await client.get(path).loginAs(admin).redirects(0)
      assert.oneOf(response.status(), [200, 301, 302], path)
    }
  })
})
