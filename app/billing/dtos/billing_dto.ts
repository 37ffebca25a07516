import type { TenantStatus } from '#tenancy/models/tenant'
import type BillingAccount from '#billing/models/billing_account'
import type { PlanDto } from '#billing/dtos/plan_dto'
import type { UsageLine } from '#billing/usage/summary'
import type { LimitKind } from '#billing/models/limit_alert'
import type { OrganisationCode } from '#billing/actions/organisation_code'
import type { StripeMode } from '#config/billing'

/** Everything the billing page shows. */
export interface BillingPageDto {
  status: TenantStatus
  suspendedReason: BillingAccount['suspendedReason']
  plan: PlanDto
  trialEndsAt: string | null
  usage: Record<LimitKind, UsageLine>
  /** When the month's document count starts again. */
  usageResetsAt: string
  subscription: {
    status: string
    currentPeriodEnd: string | null
    cancelAtPeriodEnd: boolean
  } | null
  payment: {
    status: BillingAccount['paymentStatus']
    lastPaymentAt: string | null
    lastPaymentFailedAt: string | null
    graceEndsAt: string | null
    latestInvoiceUrl: string | null
    latestInvoiceAmount: string | null
    currency: string
  }
  nextInvoice: { amount: string; currency: string; date: string | null } | null
  joinCode: OrganisationCode | null
  plans: PlanDto[]
  /** Checkout for a first (or new) subscription; plan changes once subscribed. */
  canCheckout: boolean
  canChangePlan: boolean
  hasCustomer: boolean
  stripeMode: StripeMode
}

/** Stripe amounts are in cents. */
export function fromCents(amount: number | null | undefined): string | null {
  return amount === null || amount === undefined ? null : (amount / 100).toFixed(2)
}
