import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import AuditLog from '#accounts/models/audit_log'
import { tenantContext } from '#tenancy/tenant_context'
import { addMember, createCompany, createTenant, createUser } from '#tests/helpers/accounts'
import { reload } from '#tests/helpers/tenancy'

test.group('Managing members', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the users page lists the members of the active company only', async ({
    client,
    assert,
  }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    const operator = await createUser()
    await addMember(tenant, operator, 'OPERATOR')
    const other = await createCompany('OWNER')

    const page = await client.get('/app/users').loginAs(owner).withInertia()
    page.assertInertiaComponent('accounts/users/index')
    const emails = (page.inertiaProps.members as { email: string }[]).map((member) => member.email)
    assert.sameMembers(emails, [owner.email, operator.email])
    assert.notInclude(emails, other.user.email)
  })

  test('the last owner can neither step down nor be deactivated', async ({ client, assert }) => {
    const { membership: owner, user } = await createCompany('OWNER')

    const demote = await client
      .patch(`/app/users/${owner.id}/role`)
      .json({ role: 'ADMIN' })
      .loginAs(user)
      .header('referer', '/app/users')
      .withCsrfToken()
      .redirects(0)
    demote.assertFlashMessage(
      'error',
      'La empresa debe conservar al menos un propietario activo. Nombra primero a otro propietario.'
    )

    const deactivate = await client
      .post(`/app/users/${owner.id}/deactivate`)
      .loginAs(user)
      .header('accept-language', 'en')
      .withCsrfToken()
      .redirects(0)
    deactivate.assertFlashMessage(
      'error',
      'The company must keep at least one active owner. Make someone else an owner first.'
    )

    await reload(owner)
    assert.equal(owner.role, 'OWNER')
    assert.isTrue(owner.isActive)
  })

  test('with a second owner, an owner can step down; the change is audited', async ({
    client,
    assert,
  }) => {
    const { tenant, membership: owner, user } = await createCompany('OWNER')
    await addMember(tenant, await createUser(), 'OWNER')

    const response = await client
      .patch(`/app/users/${owner.id}/role`)
      .json({ role: 'ADMIN' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertFlashMessage('success', 'Rol actualizado.')
    await reload(owner)
    assert.equal(owner.role, 'ADMIN')

    const logged = await tenantContext.run(tenant, () =>
      AuditLog.query().where('action', 'membership.role_changed').firstOrFail()
    )
    assert.deepEqual(logged.before, { role: 'OWNER', userId: user.id })
    assert.deepEqual(logged.after, { role: 'ADMIN', userId: user.id })
    assert.equal(logged.userId, user.id)
    assert.equal(logged.entityId, String(owner.id))
  })

  test('a deactivated member loses access at once and can be reactivated', async ({
    client,
    assert,
  }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    const operator = await createUser()
    const membership = await addMember(tenant, operator, 'OPERATOR', { isDefault: true })

    const off = await client
      .post(`/app/users/${membership.id}/deactivate`)
      .loginAs(owner)
      .withCsrfToken()
      .redirects(0)
    off.assertFlashMessage(
      'success',
      'El usuario fue desactivado y ya no puede entrar a la empresa.'
    )

    // The session the operator had open is over (signed in before the deactivation)…
    const ended = await client.get('/app').loginAs(operator).redirects(0)
    ended.assertHeader('location', '/login')
    // …and signing in again no longer reaches the company.
    await operator.refresh()
    const locked = await client.get('/app').loginAs(operator).redirects(0)
    locked.assertHeader('location', '/no-company')

    const on = await client
      .post(`/app/users/${membership.id}/reactivate`)
      .loginAs(owner)
      .withCsrfToken()
      .redirects(0)
    on.assertFlashMessage('success', 'El usuario fue reactivado.')
    await operator.refresh()
    const back = await client.get('/app').loginAs(operator).withInertia()
    back.assertInertiaPropsContains({ tenant: { id: tenant.id } })

    const actions = await tenantContext.run(tenant, () =>
      AuditLog.query().whereIn('action', ['membership.deactivated', 'membership.reactivated'])
    )
    assert.lengthOf(actions, 2)
  })

  test('an invalid role is a validation message, not a 500', async ({ client }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    const member = await addMember(tenant, await createUser(), 'OPERATOR')
    const response = await client
      .patch(`/app/users/${member.id}/role`)
      .json({ role: 'EMPEROR' })
      .loginAs(owner)
      .withCsrfToken()
      .redirects(0)
    response.assertHasValidationError('role')
  })

  test('the dashboard shows the company and the role', async ({ client }) => {
    const tenant = await createTenant({
      tradeName: 'Panadería La Esquina',
      country: 'PA',
      taxId: '155596713-2-2015',
      taxIdDv: '59',
    })
    const user = await createUser()
    await addMember(tenant, user, 'OPERATOR', { isDefault: true })
    const page = await client.get('/app').loginAs(user).withInertia()
    page.assertInertiaPropsContains({
      company: {
        tradeName: 'Panadería La Esquina',
        country: 'PA',
        taxId: '155596713-2-2015 DV 59',
      },
      role: 'OPERATOR',
      emailVerified: true,
    })
  })
})
