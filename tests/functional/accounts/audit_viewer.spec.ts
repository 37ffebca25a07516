import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { audit } from '#accounts/audit/audit_service'
import { createCompany, createUser, addMember } from '#tests/helpers/accounts'

test.group('Audit log viewer', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('pages through the company trail, newest first, 25 per page', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    for (let index = 0; index < 30; index++) {
      await audit.record(
        { tenantId: tenant.id, userId: user.id, ip: '10.1.1.1' },
        'invitation.created',
        {
          entity: 'invitation',
          entityId: index,
        }
      )
    }
    const first = await client.get('/app/audit').loginAs(user).withInertia()
    first.assertInertiaComponent('accounts/audit/index')
    first.assertInertiaPropsContains({ pagination: { currentPage: 1, lastPage: 2, total: 30 } })
    const rows = first.inertiaProps.logs as { entityId: string; user: string }[]
    assert.lengthOf(rows, 25)
    assert.equal(rows[0].entityId, '29')
    assert.equal(rows[0].user, user.email)

    const second = await client.get('/app/audit?page=2').loginAs(user).withInertia()
    assert.lengthOf(second.inertiaProps.logs as unknown[], 5)
  })

  test('filters by action, person and dates', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    const colleague = await createUser({ email: 'colega@example.com' })
    await addMember(tenant, colleague, 'ADMIN')
    await audit.record({ tenantId: tenant.id, userId: user.id }, 'invitation.created')
    await audit.record({ tenantId: tenant.id, userId: colleague.id }, 'membership.role_changed')
    await audit.record({ tenantId: tenant.id, userId: colleague.id }, 'invitation.created')

    const byAction = await client
      .get('/app/audit?action=membership.role_changed')
      .loginAs(user)
      .withInertia()
    assert.deepEqual(
      (byAction.inertiaProps.logs as { action: string }[]).map((row) => row.action),
      ['membership.role_changed']
    )

    const byUser = await client.get('/app/audit?user=colega').loginAs(user).withInertia()
    assert.lengthOf(byUser.inertiaProps.logs as unknown[], 2)

    const future = await client.get('/app/audit?from=2999-01-01').loginAs(user).withInertia()
    assert.lengthOf(future.inertiaProps.logs as unknown[], 0)
    const today = new Date().toISOString().slice(0, 10)
    const upToToday = await client.get(`/app/audit?to=${today}`).loginAs(user).withInertia()
    assert.lengthOf(upToToday.inertiaProps.logs as unknown[], 3)
  })

  test("never shows another company's rows or platform events", async ({ client, assert }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    await audit.record({ tenantId: b.tenant.id, userId: b.user.id }, 'invitation.created')
    await audit.record({ userId: a.user.id }, 'auth.login_succeeded', { tenantId: null })
    await audit.record({ tenantId: a.tenant.id, userId: a.user.id }, 'join_code.created')

    const page = await client.get('/app/audit').loginAs(a.user).withInertia()
    assert.deepEqual(
      (page.inertiaProps.logs as { action: string }[]).map((row) => row.action),
      ['join_code.created']
    )
  })

  test('a malformed filter is a validation message, not a 500', async ({ client }) => {
    const { user } = await createCompany('OWNER')
    const response = await client
      .get('/app/audit?from=ayer&page=-3')
      .loginAs(user)
      .header('referer', '/app/audit')
      .redirects(0)
    response.assertStatus(302)
    response.assertHasValidationError('from')
  })
})
