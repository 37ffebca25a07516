import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { ROLES, roleAllows, type Role } from '#accounts/roles'
import { reload } from '#tests/helpers/tenancy'

/**
 * What each role can and cannot do on the routes that exist today, checked
 * against the matrix of docs/roles.md (#accounts/roles): "users.manage" for
 * the users page and its actions, "audit.view" for the audit log, and
 * "dashboard.view" for everyone. Denied members get 403.
 */
test.group('Role matrix', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    mail.fake()
    return () => mail.restore()
  })

  async function memberOf(role: Role) {
    const company = await createCompany('OWNER')
    if (role === 'OWNER') return { ...company, actor: company.user }
    const actor = await createUser()
    const membership = await addMember(company.tenant, actor, role, { isDefault: true })
    return { ...company, actor, actorMembership: membership }
  }

  for (const role of ROLES) {
    const manages = roleAllows(role, 'users.manage')
    const audits = roleAllows(role, 'audit.view')

    test(`${role}: dashboard allowed`, async ({ client }) => {
      const { actor } = await memberOf(role)
      const response = await client.get('/app').loginAs(actor).withInertia()
      response.assertStatus(200)
      response.assertInertiaComponent('reports/dashboard/show')
    })

    test(`${role}: users page ${manages ? 'allowed' : 'denied'}`, async ({ client }) => {
      const { actor } = await memberOf(role)
      const response = await client.get('/app/users').loginAs(actor).withInertia()
      response.assertStatus(manages ? 200 : 403)
      response.assertInertiaComponent(manages ? 'accounts/users/index' : 'errors/forbidden')
    })

    test(`${role}: invite by e-mail ${manages ? 'allowed' : 'denied'}`, async ({ client }) => {
      const { actor } = await memberOf(role)
      const response = await client
        .post('/app/users/invitations')
        .json({ email: `nuevo-${role.toLowerCase()}@example.com`, role: 'OPERATOR' })
        .loginAs(actor)
        .withCsrfToken()
        .withInertia()
        .redirects(0)
      response.assertStatus(manages ? 302 : 403)
    })

    test(`${role}: create a join code ${manages ? 'allowed' : 'denied'}`, async ({ client }) => {
      const { actor } = await memberOf(role)
      const response = await client
        .post('/app/users/join-codes')
        .json({ role: 'READONLY', expiresInDays: 7 })
        .loginAs(actor)
        .withCsrfToken()
        .withInertia()
        .redirects(0)
      response.assertStatus(manages ? 302 : 403)
    })

    test(`${role}: change a member's role ${manages ? 'allowed' : 'denied'}`, async ({
      client,
      assert,
    }) => {
      const { tenant, actor } = await memberOf(role)
      const target = await addMember(tenant, await createUser(), 'READONLY')
      const response = await client
        .patch(`/app/users/${target.id}/role`)
        .json({ role: 'OPERATOR' })
        .loginAs(actor)
        .withCsrfToken()
        .withInertia()
        .redirects(0)
      // Inertia turns a redirect after PATCH into 303.
      response.assertStatus(manages ? 303 : 403)
      await reload(target)
      assert.equal(target.role, manages ? 'OPERATOR' : 'READONLY')
    })

    test(`${role}: deactivate a member ${manages ? 'allowed' : 'denied'}`, async ({
      client,
      assert,
    }) => {
      const { tenant, actor } = await memberOf(role)
      const target = await addMember(tenant, await createUser(), 'READONLY')
      const response = await client
        .post(`/app/users/${target.id}/deactivate`)
        .loginAs(actor)
        .withCsrfToken()
        .withInertia()
        .redirects(0)
      response.assertStatus(manages ? 302 : 403)
      await reload(target)
      assert.equal(target.isActive, !manages)
    })

    test(`${role}: audit log ${audits ? 'allowed' : 'denied'}`, async ({ client }) => {
      const { actor } = await memberOf(role)
      const response = await client.get('/app/audit').loginAs(actor).withInertia()
      response.assertStatus(audits ? 200 : 403)
    })
  }

  test('ADMIN cannot touch an OWNER nor make anyone OWNER', async ({ client, assert }) => {
    const { tenant, membership: owner } = await createCompany('OWNER')
    const admin = await createUser()
    await addMember(tenant, admin, 'ADMIN', { isDefault: true })
    const operator = await addMember(tenant, await createUser(), 'OPERATOR')

    const demote = await client
      .patch(`/app/users/${owner.id}/role`)
      .json({ role: 'OPERATOR' })
      .loginAs(admin)
      .withCsrfToken()
      .withInertia()
    demote.assertStatus(403)

    const deactivate = await client
      .post(`/app/users/${owner.id}/deactivate`)
      .loginAs(admin)
      .withCsrfToken()
      .withInertia()
    deactivate.assertStatus(403)

    const promote = await client
      .patch(`/app/users/${operator.id}/role`)
      .json({ role: 'OWNER' })
      .loginAs(admin)
      .withCsrfToken()
      .withInertia()
    promote.assertStatus(403)

    await reload(owner)
    await reload(operator)
    assert.equal(owner.role, 'OWNER')
    assert.isTrue(owner.isActive)
    assert.equal(operator.role, 'OPERATOR')
  })

  test('an OWNER can make someone else OWNER', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    const admin = await addMember(tenant, await createUser(), 'ADMIN')
    const response = await client
      .patch(`/app/users/${admin.id}/role`)
      .json({ role: 'OWNER' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    await reload(admin)
    assert.equal(admin.role, 'OWNER')
  })
})
