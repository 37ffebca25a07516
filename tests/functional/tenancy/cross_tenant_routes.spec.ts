import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import testUtils from '@adonisjs/core/services/test_utils'
import Membership from '#accounts/models/membership'
import Invitation from '#accounts/models/invitation'
import { tenantContext } from '#tenancy/tenant_context'
import { hashSecret, newLinkToken } from '#accounts/secrets'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { INSPECT, reload } from '#tests/helpers/tenancy'

/**
 * Every tenant route that takes an id, called by an owner of company A with
 * an id that belongs to company B: 404, and B's row is untouched.
 */
test.group('Cross-tenant ids answer 404', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function setup() {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    const bOperator = await addMember(b.tenant, await createUser(), 'OPERATOR')
    const bInactive = await addMember(b.tenant, await createUser(), 'READONLY', { isActive: false })
    const bInvitation = await tenantContext.run(b.tenant, () =>
      Invitation.create({
        kind: 'email',
        email: 'alguien@example.com',
        role: 'OPERATOR',
        tokenHash: hashSecret(newLinkToken()),
        invitedByMembershipId: b.membership.id,
        expiresAt: DateTime.now().plus({ days: 7 }),
      })
    )
    return { a, b, bOperator, bInactive, bInvitation }
  }

  test('PATCH /app/users/:id/role', async ({ client, assert }) => {
    const { a, bOperator } = await setup()
    const response = await client
      .patch(`/app/users/${bOperator.id}/role`)
      .json({ role: 'ADMIN' })
      .loginAs(a.user)
      .withCsrfToken()
      .withInertia()
    response.assertStatus(404)
    response.assertInertiaComponent('errors/not_found')
    await reload(bOperator)
    assert.equal(bOperator.role, 'OPERATOR')
  })

  test('POST /app/users/:id/deactivate', async ({ client, assert }) => {
    const { a, bOperator } = await setup()
    const response = await client
      .post(`/app/users/${bOperator.id}/deactivate`)
      .loginAs(a.user)
      .withCsrfToken()
      .withInertia()
    response.assertStatus(404)
    await reload(bOperator)
    assert.isTrue(bOperator.isActive)
  })

  test('POST /app/users/:id/reactivate', async ({ client, assert }) => {
    const { a, bInactive } = await setup()
    const response = await client
      .post(`/app/users/${bInactive.id}/reactivate`)
      .loginAs(a.user)
      .withCsrfToken()
      .withInertia()
    response.assertStatus(404)
    await reload(bInactive)
    assert.isFalse(bInactive.isActive)
  })

  test('DELETE /app/users/invitations/:id', async ({ client, assert }) => {
    const { a, bInvitation } = await setup()
    const response = await client
      .delete(`/app/users/invitations/${bInvitation.id}`)
      .loginAs(a.user)
      .withCsrfToken()
      .withInertia()
    response.assertStatus(404)
    await reload(bInvitation)
    assert.isNull(bInvitation.revokedAt)
  })

  test('POST /app/switch with the id of a company the user is not in', async ({ client }) => {
    const { a, b } = await setup()
    const response = await client
      .post('/app/switch')
      .json({ tenantId: b.tenant.id })
      .loginAs(a.user)
      .withCsrfToken()
      .withInertia()
    response.assertStatus(404)
  })

  test('the same routes work for ids of the own company (the 404 is about the tenant)', async ({
    client,
    assert,
  }) => {
    const { a } = await setup()
    const operator = await addMember(a.tenant, await createUser(), 'OPERATOR')
    const response = await client
      .patch(`/app/users/${operator.id}/role`)
      .json({ role: 'ADMIN' })
      .loginAs(a.user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const fresh = await Membership.query({ withoutTenantScope: INSPECT })
      .where('id', operator.id)
      .firstOrFail()
    assert.equal(fresh.role, 'ADMIN')
  })

  test('a non-numeric id is a 404, not a database error', async ({ client }) => {
    const { a } = await setup()
    const response = await client
      .post('/app/users/abc/deactivate')
      .loginAs(a.user)
      .withCsrfToken()
      .withInertia()
    response.assertStatus(404)
  })
})
