/*
 * Console test helpers: rows written straight into the tables the console
 * reads (documents with chosen timestamps, events, subscriptions,
 * credentials), so the figures have known answers.
 */
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#tenancy/models/tenant'
import { createPoint } from '#tests/helpers/catalog'
import { withoutTenantScope } from '#tenancy/tenant_context'

/**
 * Runs the test's own writes and reads of company rows (fixtures with chosen
 * timestamps, and checks of what was stored) past the tenant scope and
 * row-level security, as platform code: they concern several companies.
 */
export function asPlatform<T>(work: () => Promise<T>): Promise<T> {
  return withoutTenantScope('the test writes and checks the rows the console reads', work)
}

export const at = (iso: string) => new Date(iso)

export interface SeedDocument {
  status: 'ISSUED' | 'SUBMITTED' | 'PENDING' | 'AUTHORIZED' | 'REJECTED'
  signedAt: string
  authorizedAt?: string
  rejectedAt?: string
  pendingSince?: string
  flagged?: boolean
  isDemo?: boolean
}

/** A company's point of emission, created once per company object (tests roll back). */
const points = new WeakMap<Tenant, { establishmentId: number; pointId: number }>()

export function insertDocuments(tenant: Tenant, documents: SeedDocument[]) {
  return asPlatform(async () => {
    let point = points.get(tenant)
    if (!point) {
      const created = await createPoint(tenant)
      point = { establishmentId: created.establishment.id, pointId: created.point.id }
      points.set(tenant, point)
    }
    const ids: number[] = []
    for (const document of documents) {
      const [row] = await db
        .table('documents')
        .insert({
          tenant_id: tenant.id,
          type: 'invoice',
          status: document.status,
          establishment_id: point.establishmentId,
          emission_point_id: point.pointId,
          environment: 'test',
          issue_date: document.signedAt.slice(0, 10),
          buyer: JSON.stringify({}),
          signed_at: at(document.signedAt),
          authorized_at: document.authorizedAt ? at(document.authorizedAt) : null,
          is_demo: document.isDemo ?? false,
          total: '10.00',
          created_at: at(document.signedAt),
        })
        .returning('id')
      const id = typeof row === 'object' ? row.id : row
      ids.push(id)
      // Its submission row, as the issue statement opens it and the pipeline leaves it.
      await db.table('tax_submissions').insert({
        tenant_id: tenant.id,
        document_id: id,
        pending_since: document.pendingSince ? at(document.pendingSince) : null,
        flagged_at: document.flagged ? at(document.signedAt) : null,
        created_at: at(document.signedAt),
        updated_at: at(document.signedAt),
      })
      if (document.rejectedAt) {
        await db.table('document_events').insert({
          tenant_id: tenant.id,
          document_id: id,
          kind: 'rejected',
          from_status: 'SUBMITTED',
          to_status: 'REJECTED',
          created_at: at(document.rejectedAt),
        })
      }
    }
    return ids
  })
}

export function insertEvent(tenant: Tenant, documentId: number, kind: string, when: string) {
  return asPlatform(async () => {
    await db.table('document_events').insert({
      tenant_id: tenant.id,
      document_id: documentId,
      kind,
      created_at: at(when),
    })
  })
}

/** The company's Stripe subscription as the billing module stores it. */
export function setSubscription(tenant: Tenant, status: string | null) {
  return asPlatform(async () => {
    await db
      .table('billing_accounts')
      .insert({
        tenant_id: tenant.id,
        payment_status: status === 'past_due' ? 'failed' : 'paid',
        stripe_customer_id: status ? `cus_${tenant.id}` : null,
        stripe_subscription_id: status ? `sub_${tenant.id}` : null,
        subscription_status: status,
        created_at: new Date(),
      })
      .knexQuery.onConflict(['tenant_id'])
      .merge()
  })
}

function secret(tenant: Tenant) {
  return asPlatform(async () => {
    const [row] = await db
      .table('vault_secrets')
      .insert({
        tenant_id: tenant.id,
        purpose: 'test',
        key_id: 'test',
        iv: Buffer.alloc(12),
        tag: Buffer.alloc(16),
        ciphertext: Buffer.alloc(8),
        content_hash: '0'.repeat(64),
        created_at: new Date(),
      })
      .returning('id')
    return typeof row === 'object' ? row.id : row
  })
}

/** A current signing certificate ending at `validTo` (only its dates matter to the console). */
export function insertCertificate(tenant: Tenant, validTo: string) {
  return asPlatform(async () => {
    await db.table('certificates').insert({
      tenant_id: tenant.id,
      status: 'active',
      is_current: true,
      holder_name: tenant.legalName,
      subject: 'CN=test',
      issuer_name: 'Test CA',
      issuer: 'CN=Test CA',
      serial_hex: '01',
      fingerprint_sha256: '0'.repeat(64),
      valid_from: at('2020-01-01T00:00:00Z'),
      valid_to: at(validTo),
      p12_secret_id: await secret(tenant),
      password_secret_id: await secret(tenant),
      created_at: new Date(),
    })
  })
}

/** PAC tokens for one environment (Panama). */
export function insertPacCredentials(tenant: Tenant, environment = 'test') {
  return asPlatform(async () => {
    await db.table('pac_credentials').insert({
      tenant_id: tenant.id,
      environment,
      secret_id: await secret(tenant),
      created_at: new Date(),
    })
  })
}
