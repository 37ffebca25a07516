import emitter from '@adonisjs/core/services/emitter'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Membership from '#accounts/models/membership'
import User from '#accounts/models/user'
import { tenantContext, withoutTenantScope } from '#tenancy/tenant_context'
import { MissingTenantContextException, TenantMismatchException } from '#tenancy/errors'
import { addMember, createTenant, createUser } from '#tests/helpers/accounts'
import { INSPECT } from '#tests/helpers/tenancy'

/**
 * The WithTenant mixin on a real model (Membership) against PostgreSQL.
 */
test.group('WithTenant mixin', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function twoCompanies() {
    const acme = await createTenant()
    const globex = await createTenant()
    const ana = await createUser()
    const bruno = await createUser()
    const carla = await createUser()
    const acmeAna = await addMember(acme, ana, 'OWNER')
    const acmeBruno = await addMember(acme, bruno, 'OPERATOR')
    const globexCarla = await addMember(globex, carla, 'OWNER')
    return { acme, globex, ana, bruno, carla, acmeAna, acmeBruno, globexCarla }
  }

  test('stamps tenant_id on create from the context', async ({ assert }) => {
    const acme = await createTenant()
    const user = await createUser()
    const membership = await tenantContext.run(acme, () =>
      Membership.create({ userId: user.id, role: 'READONLY', isActive: true, isDefault: false })
    )
    assert.equal(membership.tenantId, acme.id)
  })

  test('refuses to create a tenant row without a context or for another tenant', async ({
    assert,
  }) => {
    const { acme, globex, ana } = await twoCompanies()
    await assert.rejects(
      () =>
        Membership.create({ userId: ana.id, role: 'READONLY', isActive: true, isDefault: false }),
      MissingTenantContextException as any
    )
    await assert.rejects(
      () =>
        tenantContext.run(acme, () =>
          Membership.create({
            tenantId: globex.id,
            userId: ana.id,
            role: 'READONLY',
            isActive: true,
            isDefault: false,
          })
        ),
      TenantMismatchException as any
    )
  })

  test('find, fetch and paginate see only the current tenant', async ({ assert }) => {
    const { acme, globex, acmeAna, globexCarla } = await twoCompanies()

    await tenantContext.run(acme, async () => {
      assert.isNull(await Membership.find(globexCarla.id))
      assert.isNull(await Membership.findBy('user_id', globexCarla.userId))
      const own = await Membership.findOrFail(acmeAna.id)
      assert.equal(own.id, acmeAna.id)

      const all = await Membership.all()
      assert.sameMembers(
        all.map((row) => row.tenantId),
        [acme.id, acme.id]
      )

      const page = await Membership.query().paginate(1, 10)
      assert.equal(page.total, 2)
      assert.isTrue(page.all().every((row) => row.tenantId === acme.id))
    })

    await tenantContext.run(globex, async () => {
      assert.lengthOf(await Membership.all(), 1)
      assert.isNull(await Membership.find(acmeAna.id))
    })
  })

  test('plain reads (.pojo()) are scoped and fail closed like model reads', async ({ assert }) => {
    const { acme, globex, globexCarla } = await twoCompanies()

    await tenantContext.run(acme, async () => {
      const rows = (await Membership.query().select('tenant_id').pojo()) as { tenant_id: number }[]
      assert.deepEqual(
        rows.map((row) => row.tenant_id),
        [acme.id, acme.id]
      )
      const counted = (await Membership.query().count('* as total').pojo()) as { total: string }[]
      assert.equal(Number(counted[0].total), 2)
      assert.isNull(await Membership.query().where('id', globexCarla.id).pojo().first())
      // A page of plain rows counts through a clone of the builder: the
      // count's SQL carries the filter too (row-level security alone would
      // hide a missing one here).
      const statements: string[] = []
      const listener = (query: { sql: string }) => statements.push(query.sql)
      emitter.on('db:query', listener)
      try {
        const page = await Membership.query().select('tenant_id').pojo().debug(true).paginate(1, 10)
        assert.equal(page.total, 2)
        assert.lengthOf(page.all(), 2)
      } finally {
        emitter.off('db:query', listener)
      }
      const count = statements.find((sql) => /count\(\*\)/i.test(sql))
      assert.include(count ?? '', `"memberships"."tenant_id" = ?`)
    })

    await assert.rejects(
      async () => Membership.query().select('id').pojo(),
      MissingTenantContextException as any
    )
    const everyone = (await Membership.query({ withoutTenantScope: INSPECT })
      .select('tenant_id')
      .pojo()) as { tenant_id: number }[]
    assert.includeMembers(
      everyone.map((row) => row.tenant_id),
      [acme.id, globex.id]
    )
  })

  test('query().update() and query().delete() never touch another tenant', async ({ assert }) => {
    const { acme, globex, globexCarla } = await twoCompanies()

    const updated = await tenantContext.run(
      acme,
      async () => await Membership.query().where('id', globexCarla.id).update({ role: 'READONLY' })
    )
    assert.deepEqual(updated, [0])

    const everywhere = await tenantContext.run(
      acme,
      async () => await Membership.query().update({ isDefault: false })
    )
    assert.deepEqual(everywhere, [2])

    const deleted = await tenantContext.run(
      acme,
      async () => await Membership.query().where('id', globexCarla.id).delete()
    )
    assert.deepEqual(deleted, [0])

    // A lazy builder returned from run() is started inside the context;
    // one built inside but run outside refuses instead of writing.
    assert.deepEqual(
      await tenantContext.run(acme, () => Membership.query().update({ isDefault: true })),
      [2]
    )
    const builtInside = tenantContext.run(acme, () => [
      Membership.query().update({ role: 'ADMIN' }),
    ])
    await assert.rejects(async () => await builtInside[0], MissingTenantContextException as any)

    const fresh = await tenantContext.run(globex, () => Membership.findOrFail(globexCarla.id))
    assert.equal(fresh.role, 'OWNER')
  })

  test('saving or deleting a loaded row of another tenant is refused', async ({ assert }) => {
    const { acme, globexCarla } = await twoCompanies()
    // Loaded by platform code, then mistakenly written inside tenant A.
    const row = await Membership.query({ withoutTenantScope: INSPECT })
      .where('id', globexCarla.id)
      .firstOrFail()

    await tenantContext.run(acme, async () => {
      row.role = 'READONLY'
      await assert.rejects(() => row.save(), TenantMismatchException as any)
      await assert.rejects(() => row.delete(), TenantMismatchException as any)
    })
    await withoutTenantScope(INSPECT, () => row.refresh())
    assert.equal(row.role, 'OWNER')
  })

  test('a row can never move to another tenant', async ({ assert }) => {
    const { globex, acmeAna } = await twoCompanies()
    acmeAna.tenantId = globex.id
    await assert.rejects(() => acmeAna.save(), TenantMismatchException as any)
  })

  test('preloads through relations are scoped too', async ({ assert }) => {
    const { acme, globex, ana } = await twoCompanies()
    await addMember(globex, ana, 'READONLY')

    const loaded = await tenantContext.run(acme, () =>
      User.query().where('id', ana.id).preload('memberships').firstOrFail()
    )
    assert.deepEqual(
      loaded.memberships.map((membership) => membership.tenantId),
      [acme.id]
    )
  })

  test('the explicit escapes see every tenant', async ({ assert }) => {
    const { acme } = await twoCompanies()

    await tenantContext.run(acme, async () => {
      const unscoped = await Membership.query({ withoutTenantScope: INSPECT }).paginate(1, 50)
      assert.isAtLeast(unscoped.total, 3)
      const everything = await withoutTenantScope(INSPECT, () => Membership.all())
      assert.isAtLeast(everything.length, 3)
      // The escape covers one query or one block, not what follows.
      assert.lengthOf(await Membership.all(), 2)
    })
  })

  test('the per-query escape needs a reason and covers only its own query', async ({ assert }) => {
    const { acmeAna } = await twoCompanies()
    assert.throws(() => Membership.query({ withoutTenantScope: '' }), /needs a reason/)
    const query = Membership.query({ withoutTenantScope: INSPECT }).where('id', acmeAna.id)
    assert.lengthOf(await query, 1)
    // A clone is a new query: it does not inherit the escape.
    await assert.rejects(async () => query.clone(), MissingTenantContextException as any)
  })

  test('outside any context every read and write throws (fail closed)', async ({ assert }) => {
    const { acmeAna, ana } = await twoCompanies()
    const missing = MissingTenantContextException as any
    await assert.rejects(() => Membership.all(), missing)
    await assert.rejects(() => Membership.find(acmeAna.id), missing)
    await assert.rejects(() => Membership.query().paginate(1, 10), missing)
    await assert.rejects(async () => Membership.query().update({ isDefault: false }), missing)
    await assert.rejects(async () => Membership.query().delete(), missing)
    await assert.rejects(
      () =>
        Membership.create({ userId: ana.id, role: 'READONLY', isActive: true, isDefault: false }),
      missing
    )
    acmeAna.role = 'READONLY'
    await assert.rejects(() => acmeAna.save(), missing)
    await assert.rejects(() => acmeAna.delete(), missing)
    await assert.rejects(
      () => User.query().where('id', ana.id).preload('memberships').firstOrFail(),
      missing
    )
  })
})
