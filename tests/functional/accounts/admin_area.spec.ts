import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
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
