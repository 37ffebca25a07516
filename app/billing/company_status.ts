import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Tenant, { type TenantStatus } from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import { audit, type AuditActor } from '#accounts/audit/audit_service'
import { appUrl } from '#accounts/links'
import BillingMail, { type BillingMailKind } from '#billing/mails/billing_mail'
import { BILLING_PAGE } from '#billing/errors'
import { billingRecipients } from '#billing/recipients'

/** What moved the company to its new status (kept in the audit log). */
export type StatusCause =
  | 'payment_succeeded'
  | 'payment_failed'
  | 'subscription_active'
  | 'subscription_canceled'
  | 'subscription_paused'
  | 'grace_expired'
  | 'trial_ended'

export interface StatusChange {
  tenantId: number
  from: TenantStatus
  to: TenantStatus
  cause: StatusCause
  /** Extra values for the e-mail (grace end date…). */
  details?: Record<string, string | number>
}

/**
 * Moves a company to another status, inside `trx`, with the company row
 * locked: one statement, one audit entry ("billing.status_changed", with
 * before/after and the cause). Returns the change to announce after the
 * commit, or null when the status was already `next`.
 */
export async function setCompanyStatus(
  trx: TransactionClientContract,
  tenantId: number,
  next: TenantStatus,
  cause: StatusCause,
  actor: AuditActor = {},
  details?: Record<string, string | number>
): Promise<StatusChange | null> {
  const tenant = await Tenant.query({ client: trx }).where('id', tenantId).forUpdate().firstOrFail()
  if (tenant.status === next) return null
  const from = tenant.status
  tenant.status = next
  await tenant.save()
  await audit.record(actor, 'billing.status_changed', {
    tenantId,
    entity: 'tenant',
    entityId: tenantId,
    before: { status: from },
    after: { status: next, cause, ...details },
    client: trx,
  })
  return { tenantId, from, to: next, cause, details }
}

const MAIL_FOR: Partial<Record<TenantStatus, BillingMailKind>> = {
  PAST_DUE: 'payment_failed',
  SUSPENDED: 'suspended',
  CANCELLED: 'cancelled',
}

function mailKindOf(change: StatusChange): BillingMailKind | null {
  if (change.to === 'ACTIVE' && ['PAST_DUE', 'SUSPENDED', 'CANCELLED'].includes(change.from)) {
    return 'reactivated'
  }
  return MAIL_FOR[change.to] ?? null
}

/**
 * E-mails the company's owners and administrators about a status change
 * (failed payment with the grace end, suspension and why, cancellation,
 * reactivation). Sent after the change committed; a mail failure is
 * logged, never undoes the change.
 */
export async function announceStatusChange(change: StatusChange | null) {
  if (!change) return
  const kind = mailKindOf(change)
  if (!kind) return
  const tenant = await Tenant.find(change.tenantId)
  if (!tenant) return
  await tenantContext.run(tenant, async () => {
    const recipients = await billingRecipients()
    for (const membership of recipients) {
      try {
        await mail.send(
          new BillingMail(
            membership.user.email,
            membership.user.locale,
            kind,
            appUrl(BILLING_PAGE),
            {
              company: tenant.tradeName,
              reason: change.cause,
              ...change.details,
            }
          )
        )
      } catch (error) {
        logger.error(
          { err: (error as Error).message, tenantId: tenant.id, kind },
          'billing status e-mail not sent'
        )
      }
    }
  })
}
