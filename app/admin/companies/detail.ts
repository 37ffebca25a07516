import db from '@adonisjs/lucid/services/db'
import tax from '#adapters/core/services/tax'
import Tenant from '#tenancy/models/tenant'
import Membership from '#accounts/models/membership'
import AuditLog from '#accounts/models/audit_log'
import Certificate from '#certificates/models/certificate'
import Plan from '#billing/models/plan'
import { tenantContext } from '#tenancy/tenant_context'
import { billingAccountOf } from '#billing/billing_account'
import { usageSummary } from '#billing/usage/summary'
import { toPlanDto } from '#billing/dtos/plan_dto'
import { clock } from '#core/clock'
import { credentialStateOf } from '#admin/companies/queries'
import { quotaSummary } from '#certificates/quota/quota_summary'
import type { DocumentStatus } from '#documents/state_machine'

export type CompanyDetailDto = Awaited<ReturnType<typeof companyDetail>>

/**
 * Everything the console shows about one company. It runs inside that
 * company's tenant context: the company's own rows, read like the company
 * reads them, no cross-company escape needed.
 */
export async function companyDetail(tenantId: number, locale: string) {
  const tenant = await Tenant.findOrFail(tenantId)
  const now = clock.now()
  const credential = await credentialStateOf(tenant.id, now)
  return tenantContext.run(tenant, async () => {
    const members = await Membership.query().preload('user').orderBy('created_at').orderBy('id')
    const usage = await usageSummary(tenant, now)
    const account = await billingAccountOf(tenant)
    // The credential the company's country asks for (its adapter's profile).
    const kind = tax.has(tenant.country) ? tax.use(tenant.country).profile.credential : 'none'
    const certificate =
      kind === 'certificate' ? await Certificate.query().where('is_current', true).first() : null
    const pac =
      kind === 'pac_tokens'
        ? await db
            .from('pac_credentials')
            .where('tenant_id', tenant.id)
            .select('environment', 'updated_at', 'created_at')
            .orderBy('environment')
        : []
    const statuses = await db
      .from('documents')
      .where('tenant_id', tenant.id)
      .select('status')
      .count('* as count')
      .groupBy('status')
    const lastDocument = await db
      .from('documents')
      .where('tenant_id', tenant.id)
      .max('created_at as at')
      .first()
    const lastAudit = await db
      .from('audit_logs')
      .where('tenant_id', tenant.id)
      .max('created_at as at')
      .first()
    const history = await AuditLog.query()
      .where((where) => where.whereLike('action', 'billing.%').orWhereLike('action', 'admin.%'))
      .preload('user')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(30)
    // Folios left with the PAC, for a country that counts them (null otherwise).
    const quota = await quotaSummary(tenant, locale)
    const plans = await Plan.query().where('is_active', true).orderBy('sort_order').orderBy('id')
    const lastActivity = [lastDocument?.at, lastAudit?.at]
      .filter(Boolean)
      .map((value) => new Date(value).getTime())
    return {
      company: {
        id: tenant.id,
        tradeName: tenant.tradeName,
        legalName: tenant.legalName,
        country: tenant.country,
        taxId: tenant.displayTaxId,
        slug: tenant.slug,
        address: tenant.address,
        status: tenant.status,
        plan: tenant.planCode,
        environment: tenant.authorityEnvironment,
        createdAt: tenant.createdAt.toISO()!,
        lastActivityAt: lastActivity.length
          ? new Date(Math.max(...lastActivity)).toISOString()
          : null,
      },
      members: members.map((member) => ({
        id: member.id,
        email: member.user.email,
        fullName: member.user.fullName,
        role: member.role,
        isActive: member.isActive,
        emailVerified: member.user.emailVerifiedAt !== null,
        lastLoginAt: member.user.lastLoginAt?.toISO() ?? null,
      })),
      usage: { period: usage.period, plan: usage.plan.code, ...usage.usage },
      credential: {
        state: credential,
        certificate: certificate
          ? {
              holderName: certificate.holderName,
              validTo: certificate.validTo.toISO()!,
              status: certificate.status,
            }
          : null,
        pac: pac.map((row) => ({
          environment: row.environment as string,
          updatedAt: new Date(row.updated_at ?? row.created_at).toISOString(),
        })),
        quota,
      },
      documents: Object.fromEntries(
        statuses.map((row) => [row.status, Number(row.count)])
      ) as Partial<Record<DocumentStatus, number>>,
      billing: {
        subscriptionStatus: account.subscriptionStatus,
        paymentStatus: account.paymentStatus,
        trialEndsAt: account.trialEndsAt?.toISO() ?? null,
        currentPeriodEnd: account.currentPeriodEnd?.toISO() ?? null,
        lastPaymentAt: account.lastPaymentAt?.toISO() ?? null,
        lastPaymentFailedAt: account.lastPaymentFailedAt?.toISO() ?? null,
        graceEndsAt: account.graceEndsAt?.toISO() ?? null,
        suspendedReason: account.suspendedReason,
        suspensionNote: account.suspensionNote,
        latestInvoiceUrl: account.latestInvoiceUrl,
      },
      history: history.map((entry) => ({
        id: entry.id,
        action: entry.action,
        at: entry.createdAt.toISO()!,
        by: entry.user?.email ?? null,
        before: entry.before,
        after: entry.after,
      })),
      plans: plans.map((plan) => toPlanDto(plan, locale)),
    }
  })
}
