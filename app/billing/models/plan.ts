import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** Text stored in both languages; shown in the reader's. */
export interface LocalizedText {
  es: string
  en: string
}

export type SupportLevel = 'email' | 'phone' | 'priority'

/** The limits a plan sets; null means "no limit" (custom plans only). */
export interface PlanLimits {
  documentsPerMonth: number | null
  establishments: number | null
  users: number | null
  apiAccess: boolean
}

function toJson(value: unknown) {
  return JSON.stringify(value ?? null)
}

/**
 * A plan Facturo sells (or the trial). A platform table: plans are the same
 * for every company, so the model is not tenant-scoped.
 */
export default class Plan extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare code: string

  // pg would send an object as-is; jsonb comes back parsed.
  @column({ prepare: toJson })
  declare name: LocalizedText

  @column({ prepare: toJson })
  declare description: LocalizedText

  @column()
  declare priceMonthly: string

  @column()
  declare currency: string

  @column()
  declare stripePriceId: string | null

  @column()
  declare documentsPerMonth: number | null

  @column()
  declare establishments: number | null

  @column()
  declare users: number | null

  @column()
  declare apiAccess: boolean

  @column()
  declare supportLevel: SupportLevel

  @column({ prepare: toJson })
  declare features: LocalizedText[]

  @column()
  declare isTrial: boolean

  @column()
  declare isPublic: boolean

  @column()
  declare isActive: boolean

  @column()
  declare sortOrder: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  get limits(): PlanLimits {
    return {
      documentsPerMonth: this.documentsPerMonth,
      establishments: this.establishments,
      users: this.users,
      apiAccess: this.apiAccess,
    }
  }

  /** The Stripe price's lookup key Facturo uses when no price id is set. */
  get stripeLookupKey() {
    return `facturo_${this.code}_monthly`
  }

  /** Price in the currency's minor unit (cents), as Stripe counts it. */
  get unitAmount() {
    return Math.round(Number(this.priceMonthly) * 100)
  }

  localizedName(locale: string) {
    return locale === 'en' ? this.name.en : this.name.es
  }

  /** The plans offered for sale, in display order. */
  static forSale() {
    return Plan.query()
      .where('is_public', true)
      .where('is_active', true)
      .where('is_trial', false)
      .orderBy('sort_order')
      .orderBy('id')
  }

  static async trial() {
    return Plan.query().where('is_trial', true).firstOrFail()
  }
}
