import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Tenant from '#tenancy/models/tenant'
import User from '#accounts/models/user'
import { tenantContext, withoutTenantScope } from '#tenancy/tenant_context'
import { TenantMismatchException } from '#tenancy/errors'
import {
  NumberingPointNotFoundError,
  allocateNumber,
  peekNextNumber,
  type SequenceKey,
} from '#catalog/numbering/allocate_number'
import { NumberWouldBeReusedError, setNextNumber } from '#catalog/numbering/set_next_number'
import { createCompany } from '#tests/helpers/accounts'
import { createPoint } from '#tests/helpers/catalog'
import { waitUntil } from '#adapters/core/testing/wait_until'

/**
 * Numbering needs real concurrent transactions on separate connections,
 * so these tests commit their data (no global transaction) and delete it
 * afterwards. Allocation happens inside the company's context, as in the
 * issue path.
 */
test.group('Numbering sequences', (group) => {
  const tenants: Tenant[] = []
  const users: User[] = []

  async function company(country: 'EC' | 'PA' = 'EC') {
    const created = await createCompany('OWNER', { country })
    tenants.push(created.tenant)
    users.push(created.user)
    const { establishment, point } = await createPoint(
      created.tenant,
      country === 'PA' ? { establishment: '0000' } : {}
    )
    const key: SequenceKey = {
      tenantId: created.tenant.id,
      establishmentId: establishment.id,
      emissionPointId: point.id,
      documentType: 'invoice',
      environment: 'test',
    }
    const as = <T>(fn: () => Promise<T>) => tenantContext.run(created.tenant, fn)
    return { ...created, establishment, point, key, as }
  }

  group.teardown(async () => {
    await withoutTenantScope('the test removes the companies it committed', async () => {
      for (const tenant of tenants) {
        await db.from('numbering_sequences').where('tenant_id', tenant.id).delete()
        await db.from('emission_points').where('tenant_id', tenant.id).delete()
        await db.from('establishments').where('tenant_id', tenant.id).delete()
        await db.from('memberships').where('tenant_id', tenant.id).delete()
        await db.from('tenants').where('id', tenant.id).delete()
      }
      for (const user of users) await db.from('users').where('id', user.id).delete()
    })
  })

  test('50 simultaneous allocations give 1..50, each once, no gap', async ({ assert }) => {
    const { key, as } = await company()
    let allocated = 0
    let contended = 0
    // The row does not exist yet: the first uses also race to create it.
    const numbers = await as(() =>
      Promise.all(
        Array.from({ length: 50 }, () =>
          db.transaction(async (trx) => {
            const number = await allocateNumber(trx, key)
            allocated++
            // Keep the row lock, as a real issue does while it persists the
            // document, until another allocation is queued behind it (or none
            // is left): the allocations really wait on each other.
            const behind = await waitUntil('an allocation to queue behind this one', async () => {
              // pg_locks is read live; pg_stat_activity would be a snapshot
              // frozen for the rest of this transaction.
              const { rows } = await trx.rawQuery(
                'select count(*)::int as waiting from pg_locks where not granted and pg_backend_pid() = any(pg_blocking_pids(pid))'
              )
              if (rows[0].waiting > 0) return 'queued'
              return allocated === 50 ? 'last' : null
            })
            if (behind === 'queued') contended++
            return number
          })
        )
      )
    )
    assert.isAbove(contended, 0)
    assert.lengthOf(new Set(numbers), 50)
    assert.deepEqual(
      [...numbers].sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, index) => index + 1)
    )
    const row = await as(() => db.from('numbering_sequences').firstOrFail())
    assert.equal(Number(row.last_number), 50)
  })

  test('a rolled-back allocation leaves no hole; committed numbers are never reused', async ({
    assert,
  }) => {
    const { key, as } = await company()
    await as(async () => {
      assert.equal(await db.transaction((trx) => allocateNumber(trx, key)), 1)

      let taken = 0
      await assert.rejects(() =>
        db.transaction(async (trx) => {
          taken = await allocateNumber(trx, key)
          throw new Error('the document failed to persist')
        })
      )
      assert.equal(taken, 2)
      // Number 2 was never committed: the next allocation hands it out.
      assert.equal(await db.transaction((trx) => allocateNumber(trx, key)), 2)
      assert.equal(await db.transaction((trx) => allocateNumber(trx, key)), 3)

      // Rollbacks in the middle of concurrent traffic still leave 4..13 gapless.
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, index) =>
          db.transaction(async (trx) => {
            const number = await allocateNumber(trx, key)
            if (index % 2 === 1) throw new Error('rolled back')
            return number
          })
        )
      )
      const committed = outcomes
        .filter(
          (outcome): outcome is PromiseFulfilledResult<number> => outcome.status === 'fulfilled'
        )
        .map((outcome) => outcome.value)
        .sort((a, b) => a - b)
      assert.deepEqual(committed, [4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
      assert.equal(await peekNextNumber(db, key), 14)
    })
  })

  test('document types and environments are numbered separately', async ({ assert }) => {
    const { key, as } = await company()
    await as(async () => {
      const allocate = (override: Partial<SequenceKey>) =>
        db.transaction((trx) => allocateNumber(trx, { ...key, ...override }))
      assert.equal(await allocate({}), 1)
      assert.equal(await allocate({}), 2)
      assert.equal(await allocate({ environment: 'production' }), 1)
      assert.equal(await allocate({ documentType: 'credit_note' }), 1)
      assert.equal(await allocate({ documentType: 'credit_note', environment: 'production' }), 1)
      assert.equal(await allocate({}), 3)

      // A second point of the same establishment has its own series.
      const second = await tenantContext.run((await Tenant.findOrFail(key.tenantId))!, async () => {
        const { default: EmissionPoint } = await import('#catalog/models/emission_point')
        return EmissionPoint.create({
          establishmentId: key.establishmentId,
          code: '002',
          isActive: true,
        })
      })
      assert.equal(await allocate({ emissionPointId: second.id }), 1)
    })
  })

  test('a point of another company, or of another establishment, is refused', async ({
    assert,
  }) => {
    const a = await company()
    const b = await company('PA')
    await a.as(() =>
      db.transaction(async (trx) => {
        await assert.rejects(
          () => allocateNumber(trx, { ...a.key, emissionPointId: b.point.id }),
          NumberingPointNotFoundError as any
        )
        await assert.rejects(
          () => allocateNumber(trx, { ...a.key, establishmentId: b.establishment.id }),
          NumberingPointNotFoundError as any
        )
        // The caller's transaction is still usable (the refusal used a savepoint).
        assert.equal(await allocateNumber(trx, a.key), 1)
      })
    )
    await tenantContext.run(b.tenant, async () => {
      await assert.rejects(
        () => db.transaction((trx) => allocateNumber(trx, a.key)),
        TenantMismatchException as any
      )
    })
    await assert.rejects(
      () =>
        a.as(() =>
          db.transaction((trx) => allocateNumber(trx, { ...a.key, documentType: 'x' as any }))
        ),
      /unknown document type/
    )
    // Outside any company's context nothing is allocated.
    await assert.rejects(
      () => db.transaction((trx) => allocateNumber(trx, a.key)),
      /No tenant context/
    )
    assert.equal(await a.as(() => peekNextNumber(db, a.key)), 2)
  })

  test('a sequence can move forward to continue another system, never backwards', async ({
    assert,
  }) => {
    const { key, as } = await company()
    await as(async () => {
      await db.transaction((trx) => setNextNumber(trx, key, 1501))
      assert.equal(await db.transaction((trx) => allocateNumber(trx, key)), 1501)
      await assert.rejects(
        () => db.transaction((trx) => setNextNumber(trx, key, 1501)),
        NumberWouldBeReusedError as any
      )
      await db.transaction((trx) => setNextNumber(trx, key, 1502))
      assert.equal(await db.transaction((trx) => allocateNumber(trx, key)), 1502)
    })
  })

  test('the database refuses going below zero and unknown environments', async ({ assert }) => {
    const { key, as } = await company()
    await as(async () => {
      await db.transaction((trx) => allocateNumber(trx, key))
      const errorCode = async (work: () => Promise<unknown>) => {
        try {
          await work()
        } catch (error) {
          return (error as { code?: string }).code
        }
        return null
      }
      assert.equal(
        await errorCode(() =>
          db
            .from('numbering_sequences')
            .where('tenant_id', key.tenantId)
            .update({ last_number: -1 })
        ),
        '23514'
      )
      assert.equal(
        await errorCode(() =>
          db.table('numbering_sequences').insert({
            tenant_id: key.tenantId,
            establishment_id: key.establishmentId,
            emission_point_id: key.emissionPointId,
            document_type: 'invoice',
            environment: 'staging',
            created_at: new Date(),
          })
        ),
        '23514'
      )
    })
  })
})
