import Certificate from '#certificates/models/certificate'
import { DAY_MS, clock, daysLeft } from '#certificates/clock'

export interface ExpiringCertificateRow {
  certificateId: number
  holderName: string
  serialHex: string
  validTo: string
  daysLeft: number
  status: 'active' | 'expired'
}

export interface ExpiringByTenant {
  tenant: {
    id: number
    tradeName: string
    slug: string
    taxId: string
    country: string
    status: string
  }
  certificates: ExpiringCertificateRow[]
}

/**
 * For the platform console: companies whose current signing certificate
 * ends within `days` (30 by default) or has already ended, soonest first.
 * Cross-company on purpose (super-admin only).
 */
export async function certificatesExpiringSoon(
  options: { days?: number; now?: Date } = {}
): Promise<ExpiringByTenant[]> {
  const now = options.now ?? clock.now()
  const horizon = new Date(now.getTime() + (options.days ?? 30) * DAY_MS)
  const rows = await Certificate.query({
    withoutTenantScope: 'the platform console lists expiring certificates of every company',
  })
    .where('is_current', true)
    .where('valid_to', '<=', horizon)
    .preload('tenant')
    .orderBy('valid_to', 'asc')
    .orderBy('id', 'asc')

  const byTenant = new Map<number, ExpiringByTenant>()
  for (const row of rows) {
    let entry = byTenant.get(row.tenantId)
    if (!entry) {
      entry = {
        tenant: {
          id: row.tenant.id,
          tradeName: row.tenant.tradeName,
          slug: row.tenant.slug,
          taxId: row.tenant.taxId,
          country: row.tenant.country,
          status: row.tenant.status,
        },
        certificates: [],
      }
      byTenant.set(row.tenantId, entry)
    }
    const left = daysLeft(row.validTo.toJSDate(), now)
    entry.certificates.push({
      certificateId: row.id,
      holderName: row.holderName,
      serialHex: row.serialHex,
      validTo: row.validTo.toISO()!,
      daysLeft: Math.max(left, 0),
      status: left <= 0 ? 'expired' : 'active',
    })
  }
  return [...byTenant.values()]
}
