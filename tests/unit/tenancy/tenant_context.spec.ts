import { test } from '@japa/runner'
import { setImmediate as nextTurn } from 'node:timers/promises'
import Tenant from '#tenancy/models/tenant'
import { tenantContext, withoutTenantScope } from '#tenancy/tenant_context'
import { MissingTenantContextException } from '#tenancy/errors'
import { waitUntil } from '#adapters/core/testing/wait_until'

function fakeTenant(id: number, slug: string) {
  const tenant = new Tenant()
  tenant.id = id
  tenant.slug = slug
  return tenant
}

test.group('Tenant context', () => {
  test('is empty outside any run', ({ assert }) => {
    assert.isNull(tenantContext.current())
    assert.isFalse(tenantContext.isScoping())
    assert.throws(() => tenantContext.currentOrFail(), 'No tenant context is active')
  })

  test('run exposes the tenant across awaits', async ({ assert }) => {
    const acme = fakeTenant(1, 'acme')
    const seen = await tenantContext.run(acme, async () => {
      // A later turn of the event loop, not just a resolved promise.
      await nextTurn()
      return tenantContext.currentOrFail().slug
    })
    assert.equal(seen, 'acme')
  })

  test('a nested run restores the previous tenant when it ends', async ({ assert }) => {
    const acme = fakeTenant(1, 'acme')
    const globex = fakeTenant(2, 'globex')
    const trail: (string | null)[] = []

    await tenantContext.run(acme, async () => {
      trail.push(tenantContext.current()?.slug ?? null)
      await tenantContext.run(globex, async () => {
        await nextTurn()
        trail.push(tenantContext.current()?.slug ?? null)
      })
      trail.push(tenantContext.current()?.slug ?? null)
    })
    trail.push(tenantContext.current()?.slug ?? null)

    assert.deepEqual(trail, ['acme', 'globex', 'acme', null])
  })

  test('the previous tenant is restored even when the inner run throws', async ({ assert }) => {
    const acme = fakeTenant(1, 'acme')
    const globex = fakeTenant(2, 'globex')
    await tenantContext.run(acme, async () => {
      await assert.rejects(() =>
        tenantContext.run(globex, async () => {
          throw new Error('boom')
        })
      )
      assert.equal(tenantContext.current()?.slug, 'acme')
    })
  })

  test('concurrent runs never see each other', async ({ assert }) => {
    const tenants = Array.from({ length: 20 }, (_, index) => fakeTenant(index + 1, `t${index + 1}`))
    // Every run waits inside its context; they are resumed in reverse order,
    // each on a later turn of the event loop, so they really interleave.
    const resumers: Array<() => void> = []
    const runs = tenants.map((tenant) =>
      tenantContext.run(tenant, async () => {
        await new Promise<void>((resume) => resumers.push(resume))
        return tenantContext.currentOrFail().id
      })
    )
    await waitUntil('every run to be waiting', () => resumers.length === tenants.length)
    for (const resume of resumers.reverse()) {
      resume()
      await nextTurn()
    }
    const results = await Promise.all(runs)
    assert.deepEqual(
      results,
      tenants.map((tenant) => tenant.id)
    )
  })

  test('withoutTenantScope keeps the tenant but turns scoping off, then back on', async ({
    assert,
  }) => {
    const acme = fakeTenant(1, 'acme')
    await tenantContext.run(acme, async () => {
      assert.isTrue(tenantContext.isScoping())
      await withoutTenantScope('the test looks across companies', async () => {
        assert.equal(tenantContext.current()?.slug, 'acme')
        assert.isFalse(tenantContext.isScoping())
        assert.isTrue(tenantContext.isUnscoped())
      })
      assert.isTrue(tenantContext.isScoping())
      assert.isFalse(tenantContext.isUnscoped())
    })
  })

  test('withoutTenantScope refuses to run without a reason', ({ assert }) => {
    let ran = false
    for (const reason of [undefined, '', '   ', 'why']) {
      assert.throws(
        () => withoutTenantScope(reason as string, () => (ran = true)),
        /needs a reason/
      )
    }
    assert.isFalse(ran)
  })

  test('the database scope follows the context', async ({ assert }) => {
    const acme = fakeTenant(7, 'acme')
    assert.deepEqual(tenantContext.databaseScope(), { tenantId: null, bypass: false })
    await tenantContext.run(acme, async () => {
      assert.deepEqual(tenantContext.databaseScope(), { tenantId: 7, bypass: false })
      await withoutTenantScope('the test looks across companies', async () => {
        assert.deepEqual(tenantContext.databaseScope(), { tenantId: null, bypass: true })
      })
    })
    await withoutTenantScope('the test looks across companies', async () => {
      assert.deepEqual(tenantContext.databaseScope(), { tenantId: null, bypass: true })
    })
  })

  test('currentOrFail raises the missing-context error with its code', ({ assert }) => {
    try {
      tenantContext.currentOrFail()
      assert.fail('expected an error')
    } catch (error) {
      assert.instanceOf(error, MissingTenantContextException)
      assert.equal((error as MissingTenantContextException).code, 'E_MISSING_TENANT_CONTEXT')
    }
  })
})
