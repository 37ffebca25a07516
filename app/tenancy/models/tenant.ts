import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { CountryCode } from '#adapters/core/types'

export const TENANT_STATUSES = ['TRIAL', 'ACTIVE', 'PAST_DUE', 'SUSPENDED', 'CANCELLED'] as const
export type TenantStatus = (typeof TENANT_STATUSES)[number]

/**
 * A registered country's code. The countries a company can have are the
 * registered tax adapters (`tax.countries()`), one provider line each.
 */
export type TenantCountry = CountryCode

export type AuthorityEnvironment = 'test' | 'production'

/**
 * A company using Facturo: the root of tenant isolation. Not tenant-scoped
 * itself (it *is* the tenant); platform code lists tenants, tenant code
 * reaches its own row through the context.
 *
 * It has no `memberships` relation on purpose: tenancy is the lowest
 * module and does not know accounts; read a company's members from
 * `Membership` (accounts), which points here.
 */
export type CustomerEmailDelivery = 'facturo' | 'authority'

export default class Tenant extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare country: TenantCountry

  /** The company's tax id, as its country's adapter normalizes it. */
  @column()
  declare taxId: string

  /** The tax id's check digits when the country writes them apart (`profile.taxId.checkDigits`). */
  @column()
  declare taxIdDv: string | null

  @column()
  declare legalName: string

  @column()
  declare tradeName: string

  @column()
  declare address: string

  @column()
  declare slug: string

  /** Contact e-mail printed on documents and given to customers. */
  @column()
  declare contactEmail: string | null

  @column()
  declare contactPhone: string | null

  /**
   * The country's own company settings (`profile.companyFields` of its
   * adapter), by field key: yes/no boxes as booleans, the rest as strings.
   */
  @column({ prepare: (value: unknown) => JSON.stringify(value ?? {}) })
  declare countrySettings: Record<string, string | boolean>

  @column()
  declare status: TenantStatus

  @column()
  declare authorityEnvironment: AuthorityEnvironment

  /** The plan in effect: a `plans.code` (the billing module sets it from Stripe). */
  @column()
  declare planCode: string

  @column()
  declare currency: string

  @column()
  declare locale: string

  /**
   * Who e-mails authorized documents to customers: Facturo's own mail, or
   * the authority (its PAC) where the country's adapter offers that service.
   */
  @column()
  declare customerEmailDelivery: CustomerEmailDelivery

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  /** The tax id as printed: Panama shows the DV after it. */
  get displayTaxId() {
    return this.taxIdDv ? `${this.taxId} DV ${this.taxIdDv}` : this.taxId
  }
}
