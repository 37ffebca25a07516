import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import TaxSubmissionsMigration from '#database/migrations/0700_create_tax_submissions_table'

/**
 * The migration that moves submission state out of `documents` carries the
 * existing rows over (and back on rollback). It runs here as migrations
 * do, on the owner's connection (the application's role owns no table),
 * inside one transaction that is rolled back at the end: PostgreSQL's DDL
 * is transactional, so the database is left as it was. The rows it moves
 * are written in that transaction too, the old way.
 */
const run = (trx: TransactionClientContract, direction: 'up' | 'down') => {
  const migration = new TaxSubmissionsMigration(trx, '0700_create_tax_submissions_table')
  return direction === 'up' ? migration.execUp() : migration.execDown()
}

async function documentColumns(trx: TransactionClientContract) {
  const rows = await trx
    .from('information_schema.columns')
    .where('table_schema', 'public')
    .where('table_name', 'documents')
    .select('column_name')
  return rows.map((row) => row.column_name as string)
}

/** A company with one emission point, written directly (owner's transaction). */
async function companyIn(trx: TransactionClientContract) {
  const now = new Date()
  const slug = `migration-${Date.now()}`
  const [tenant] = await trx
    .table('tenants')
    .insert({
      country: 'EC',
      tax_id: '1790000000001',
      legal_name: 'Migración S.A.',
      trade_name: 'Migración',
      address: 'Quito',
      slug,
      created_at: now,
    })
    .returning('id')
  const [establishment] = await trx
    .table('establishments')
    .insert({ tenant_id: tenant.id, code: '001', address: 'Quito', created_at: now })
    .returning('id')
  const [point] = await trx
    .table('emission_points')
    .insert({
      tenant_id: tenant.id,
      establishment_id: establishment.id,
      code: '001',
      created_at: now,
    })
    .returning('id')
  return { tenantId: tenant.id, establishmentId: establishment.id, pointId: point.id }
}

async function documentIn(
  trx: TransactionClientContract,
  company: Awaited<ReturnType<typeof companyIn>>,
  columns: Record<string, unknown>
) {
  const [row] = await trx
    .table('documents')
    .insert({
      tenant_id: company.tenantId,
      type: 'invoice',
      establishment_id: company.establishmentId,
      emission_point_id: company.pointId,
      environment: 'test',
      issue_date: '2031-05-04',
      buyer: JSON.stringify({ name: 'Consumidor final' }),
      created_at: new Date('2031-05-04T08:00:00Z'),
      ...columns,
    })
    .returning('id')
  return row.id as number
}

test.group('Migration: submission state in tax_submissions', () => {
  test('issued documents keep their submission state, drafts get none; down puts it back', async ({
    assert,
  }) => {
    const trx = await db.connection('owner').transaction()
    try {
      // Row-level security binds the owner too: the test's own rows name the bypass.
      await trx.rawQuery(`set local app.bypass_rls = 'on'`)
      // Back to the layout before the migration.
      await run(trx, 'down')
      assert.includeMembers(await documentColumns(trx), [
        'submit_attempts',
        'flagged_at',
        'last_error',
      ])

      const company = await companyIn(trx)
      const signedAt = new Date('2031-05-04T08:30:00Z')
      const pendingSince = new Date('2031-05-04T09:00:00Z')
      const flaggedAt = new Date('2031-05-05T09:00:00Z')
      const issued = await documentIn(trx, company, {
        status: 'SUBMITTED',
        sequential: 1,
        number: '001-001-000000001',
        signed_at: signedAt,
        submit_attempts: 3,
        status_checks: 2,
        submitted_at: pendingSince,
        pending_since: pendingSince,
        next_check_at: null,
        flagged_at: flaggedAt,
        polling_since: pendingSince,
        last_error: 'SRI no responde',
      })
      const draft = await documentIn(trx, company, { status: 'DRAFT' })

      // The migration names the bypass itself: without it, it would copy nothing.
      await trx.rawQuery(`set local app.bypass_rls = 'off'`)
      await run(trx, 'up')
      const columns = await documentColumns(trx)
      for (const moved of ['submit_attempts', 'status_checks', 'flagged_at', 'next_check_at']) {
        assert.notInclude(columns, moved)
      }
      const rows = await trx.from('tax_submissions').whereIn('document_id', [issued, draft])
      assert.lengthOf(rows, 1)
      const [row] = rows
      assert.equal(row.document_id, issued)
      assert.equal(row.tenant_id, company.tenantId)
      assert.equal(row.submit_attempts, 3)
      assert.equal(row.status_checks, 2)
      assert.equal(row.submitted_at.toISOString(), pendingSince.toISOString())
      assert.equal(row.pending_since.toISOString(), pendingSince.toISOString())
      assert.equal(row.polling_since.toISOString(), pendingSince.toISOString())
      assert.equal(row.flagged_at.toISOString(), flaggedAt.toISOString())
      assert.isNull(row.next_check_at)
      assert.equal(row.last_error, 'SRI no responde')
      assert.equal(row.created_at.toISOString(), signedAt.toISOString())
      const security = await trx.rawQuery(
        `select relrowsecurity as enabled, relforcerowsecurity as forced from pg_class
          where oid = 'public.tax_submissions'::regclass`
      )
      assert.deepEqual(security.rows[0], { enabled: true, forced: true })

      // And down again: the values return to the document's row.
      await trx.rawQuery(`set local app.bypass_rls = 'off'`)
      await run(trx, 'down')
      const back = await trx.from('documents').where('id', issued).first()
      assert.equal(back.submit_attempts, 3)
      assert.equal(back.status_checks, 2)
      assert.equal(back.last_error, 'SRI no responde')
      assert.equal(back.flagged_at.toISOString(), flaggedAt.toISOString())
    } finally {
      await trx.rollback()
    }
  })
})
