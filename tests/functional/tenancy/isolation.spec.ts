import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import Membership from '#accounts/models/membership'
import Invitation from '#accounts/models/invitation'
import AuditLog from '#accounts/models/audit_log'
import { tenantContext } from '#tenancy/tenant_context'
import { TenantMismatchException } from '#tenancy/errors'
import { audit } from '#accounts/audit/audit_service'
import { hashSecret, newLinkToken } from '#accounts/secrets'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { INSPECT, constraintError, reload } from '#tests/helpers/tenancy'

/**
 * One isolation test per tenant-scoped model: rows created as tenant A are
 * invisible and unmodifiable from tenant B through the models (query
 * scope), and PostgreSQL refuses the cross-tenant link on its own
 * (constraints), even for code that skips the models.
 */
test.group('Isolation: memberships', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('rows of tenant A are invisible and unmodifiable from tenant B', async ({ assert }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    const operator = await addMember(a.tenant, await createUser(), 'OPERATOR')

    await tenantContext.run(b.tenant, async () => {
      assert.isNull(await Membership.find(operator.id))
      const visible = await Membership.all()
      assert.notInclude(
        visible.map((row) => row.id),
        operator.id
      )
      assert.deepEqual(
        await Membership.query().where('id', operator.id).update({ role: 'ADMIN' }),
        [0]
      )
      assert.deepEqual(await Membership.query().where('id', operator.id).delete(), [0])
    })

    const leaked = await Membership.query({ withoutTenantScope: INSPECT })
      .where('id', operator.id)
      .firstOrFail()
    await tenantContext.run(b.tenant, async () => {
      leaked.role = 'ADMIN'
      await assert.rejects(() => leaked.save(), TenantMismatchException as any)
    })
    await reload(leaked)
    assert.equal(leaked.role, 'OPERATOR')
  })

  test('the database requires a real tenant and one membership per user and tenant', async ({
    assert,
  }) => {
    const a = await createCompany('OWNER')
    const row = {
      user_id: a.user.id,
      role: 'READONLY',
      is_active: true,
      is_default: false,
      created_at: new Date(),
    }

    assert.equal(await constraintError((trx) => trx.table('memberships').insert(row)), '23502')
    assert.equal(
      await constraintError((trx) =>
        trx.table('memberships').insert({ ...row, tenant_id: 2147483000 })
      ),
      '23503'
    )
    assert.equal(
      await constraintError((trx) =>
        trx.table('memberships').insert({ ...row, tenant_id: a.tenant.id })
      ),
      '23505'
    )
  })
})

test.group('Isolation: invitations', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function invitationOf(company: Awaited<ReturnType<typeof createCompany>>) {
    return tenantContext.run(company.tenant, () =>
      Invitation.create({
        kind: 'email',
        email: `invitado-${company.tenant.id}@example.com`,
        role: 'OPERATOR',
        tokenHash: hashSecret(newLinkToken()),
        invitedByMembershipId: company.membership.id,
        expiresAt: DateTime.now().plus({ days: 7 }),
      })
    )
  }

  test('rows of tenant A are invisible and unmodifiable from tenant B', async ({ assert }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    const invitation = await invitationOf(a)

    await tenantContext.run(b.tenant, async () => {
      assert.isNull(await Invitation.find(invitation.id))
      assert.lengthOf(await Invitation.all(), 0)
      const page = await Invitation.query().paginate(1, 10)
      assert.equal(page.total, 0)
      assert.deepEqual(
        await Invitation.query().where('id', invitation.id).update({ revokedAt: new Date() }),
        [0]
      )
      assert.deepEqual(await Invitation.query().where('id', invitation.id).delete(), [0])
    })

    await reload(invitation)
    assert.isNull(invitation.revokedAt)
  })

  test('PostgreSQL refuses an invitation of tenant B pointing at a membership of A', async ({
    assert,
  }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    const row = {
      kind: 'email',
      email: 'cruce@example.com',
      role: 'OPERATOR',
      token_hash: hashSecret(newLinkToken()),
      expires_at: DateTime.now().plus({ days: 1 }).toJSDate(),
      created_at: new Date(),
    }

    // The same link within tenant A is fine…
    await tenantContext.run(a.tenant, () =>
      db
        .table('invitations')
        .insert({ ...row, tenant_id: a.tenant.id, invited_by_membership_id: a.membership.id })
    )
    // …but B's row may not reference A's membership: composite foreign key.
    const code = await constraintError((trx) =>
      trx.table('invitations').insert({
        ...row,
        token_hash: hashSecret(newLinkToken()),
        tenant_id: b.tenant.id,
        invited_by_membership_id: a.membership.id,
      })
    )
    assert.equal(code, '23503')

    // Nor can an existing row be re-pointed across tenants.
    const own = await invitationOf(b)
    const update = await constraintError((trx) =>
      trx
        .from('invitations')
        .where('id', own.id)
        .update({ invited_by_membership_id: a.membership.id })
    )
    assert.equal(update, '23503')
  })
})

test.group('Isolation: audit logs', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('rows of tenant A are invisible from tenant B, and platform rows from both', async ({
    assert,
  }) => {
    const a = await createCompany('OWNER')
    const b = await createCompany('OWNER')
    const entry = await audit.record(
      { tenantId: a.tenant.id, userId: a.user.id, ip: '10.0.0.1', userAgent: 'test' },
      'membership.role_changed',
      {
        entity: 'membership',
        entityId: a.membership.id,
        before: { role: 'ADMIN' },
        after: { role: 'OWNER' },
      }
    )
    const platform = await audit.record({ ip: '10.0.0.2' }, 'auth.login_failed', {
      after: { email: 'x@example.com' },
    })
    assert.isNull(platform.tenantId)

    await tenantContext.run(b.tenant, async () => {
      assert.isNull(await AuditLog.find(entry.id))
      assert.isNull(await AuditLog.find(platform.id))
      const page = await AuditLog.query().paginate(1, 25)
      assert.equal(page.total, 0)
      assert.deepEqual(await AuditLog.query().where('id', entry.id).update({ action: 'x' }), [0])
    })
    await tenantContext.run(a.tenant, async () => {
      const visible = await AuditLog.all()
      assert.deepEqual(
        visible.map((row) => row.id),
        [entry.id]
      )
    })
  })

  test('the database refuses to rewrite or delete any audit row', async ({ assert }) => {
    const a = await createCompany('OWNER')
    const entry = await audit.record({ tenantId: a.tenant.id }, 'invitation.created', {
      entity: 'invitation',
      entityId: 1,
    })

    assert.equal(
      await constraintError((trx) =>
        trx.from('audit_logs').where('id', entry.id).update({ action: 'forged' })
      ),
      '42501'
    )
    assert.equal(
      await constraintError((trx) => trx.from('audit_logs').where('id', entry.id).delete()),
      '42501'
    )
    assert.equal(
      await constraintError((trx) =>
        trx
          .table('audit_logs')
          .insert({ tenant_id: 2147483000, action: 'x', created_at: new Date() })
      ),
      '23503'
    )
  })

  test('secrets never reach the audit log', async ({ assert }) => {
    const entry = await audit.record({}, 'auth.password_reset_completed', {
      after: {
        email: 'a@example.com',
        password: 'hunter22',
        nested: { tokenHash: 'abc', keep: 1 },
      },
    })
    await reload(entry)
    assert.deepEqual(entry.after, {
      email: 'a@example.com',
      password: '[redacted]',
      nested: { tokenHash: '[redacted]', keep: 1 },
    })
  })
})
