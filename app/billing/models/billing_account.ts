import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

export type PaymentStatus = 'none' | 'paid' | 'failed'
export type SuspendedReason = 'trial_ended' | 'payment_overdue' | 'paused' | 'platform'

/**
 * A company's billing state: its trial, its Stripe customer and
 * subscription as last read from Stripe, the latest invoice and the
 * grace-period dates. One per company (created on sign-up, or on first use
 * for companies that predate billing).
 */
export default class BillingAccount extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column.dateTime()
  declare trialEndsAt: DateTime | null

  @column()
  declare stripeCustomerId: string | null

  @column()
  declare stripeSubscriptionId: string | null

  @column()
  declare subscriptionStatus: string | null

  @column.dateTime()
  declare currentPeriodEnd: DateTime | null

  @column()
  declare cancelAtPeriodEnd: boolean

  @column()
  declare paymentStatus: PaymentStatus

  @column()
  declare latestInvoiceId: string | null

  @column()
  declare latestInvoiceUrl: string | null

  @column()
  declare latestInvoiceAmount: number | null

  @column()
  declare latestInvoiceCurrency: string | null

  @column.dateTime()
  declare lastPaymentAt: DateTime | null

  @column.dateTime()
  declare lastPaymentFailedAt: DateTime | null

  @column.dateTime()
  declare pastDueSince: DateTime | null

  @column.dateTime()
  declare graceEndsAt: DateTime | null

  @column()
  declare suspendedReason: SuspendedReason | null

  /** Why the platform suspended the company (reason `platform`), shown in its banner. */
  @column()
  declare suspensionNote: string | null

  @column.dateTime()
  declare syncedAt: DateTime | null

  @column()
  declare joinCodeInvitationId: number | null

  @column()
  declare joinCodeSecretId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
