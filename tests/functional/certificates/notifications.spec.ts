import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Notification from '#certificates/models/notification'
import { tenantContext } from '#tenancy/tenant_context'
import type Tenant from '#tenancy/models/tenant'
import { addMember, createUser } from '#tests/helpers/accounts'
import {
  createEcuadorCompany,
  daysFromNow,
  p12For,
  uploadCertificateAs,
} from '#tests/helpers/certificates'

function notify(tenant: Tenant, userId: number, days: number) {
  return tenantContext.run(tenant, () =>
    Notification.create({
      userId,
      kind: 'certificate_expiring',
      severity: 'warning',
      params: { holder: 'MARIA JOSE PEREZ', date: '2031-01-01', days },
      link: '/app/settings/certificates',
    })
  )
}

test.group('Notices and the platform console', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('each member reads only their own notices in the active company', async ({
    client,
    assert,
  }) => {
    const a = await createEcuadorCompany('OWNER')
    const colleague = await createUser()
    await addMember(a.tenant, colleague, 'ADMIN', { isDefault: true })
    const b = await createEcuadorCompany('OWNER')
    await notify(a.tenant, a.user.id, 30)
    await notify(a.tenant, a.user.id, 15)
    await notify(a.tenant, colleague.id, 30)
    await notify(b.tenant, b.user.id, 7)

    const mine = await client.get('/app/notifications').loginAs(a.user)
    mine.assertStatus(200)
    assert.equal(mine.body().unread, 2)
    assert.deepEqual(
      mine.body().items.map((item: any) => item.params.days),
      [15, 30]
    )
    assert.equal(mine.body().items[0].link, '/app/settings/certificates')

    const read = await client
      .post('/app/notifications/read')
      .loginAs(a.user)
      .withCsrfToken()
      .header('referer', '/app')
      .redirects(0)
    read.assertStatus(302)
    const after = await client.get('/app/notifications').loginAs(a.user)
    assert.equal(after.body().unread, 0)
    assert.isTrue(after.body().items.every((item: any) => item.read))

    const theirs = await client.get('/app/notifications').loginAs(colleague)
    assert.equal(theirs.body().unread, 1)
    const other = await client.get('/app/notifications').loginAs(b.user)
    assert.deepEqual(
      other.body().items.map((item: any) => item.params.days),
      [7]
    )
  })

  test('super-admins see expiring certificates by company; nobody else does', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createEcuadorCompany('OWNER')
    const p12 = p12For(tenant, {
      signer: { notBefore: daysFromNow(-300), notAfter: daysFromNow(9.5) },
    })
    await uploadCertificateAs(tenant, {
      bytes: p12.p12,
      password: p12.password,
    })
    const admin = await createUser({ isSuperAdmin: true })

    const page = await client.get('/admin/certificates').loginAs(admin).withInertia()
    page.assertInertiaComponent('certificates/admin_expiring')
    const found = (page.inertiaProps.groups as any[]).find((item) => item.tenant.id === tenant.id)
    assert.equal(found.tenant.slug, tenant.slug)
    assert.equal(found.certificates[0].daysLeft, 10)
    const member = await client.get('/admin/certificates').loginAs(user)
    member.assertStatus(404)
    const guest = await client.get('/admin/certificates')
    guest.assertStatus(404)
  })
})
