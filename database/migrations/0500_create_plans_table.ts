import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The plans Facturo sells, as data: a platform table (no tenant_id), read
 * by the landing page, the billing page and every limit check, and edited
 * later from the platform console. A null limit means "no limit" (custom
 * plans only; the sold plans all have limits). One row is the trial: it is
 * never sold and never shown on the landing page.
 *
 * The rows below are the launch plans. Their figures and the reasoning
 * behind them are in docs/billing.md; change them there and here together
 * (later changes go through the console, not a migration).
 */
const LAUNCH_PLANS = [
  {
    code: 'trial',
    name: { es: 'Prueba', en: 'Trial' },
    description: {
      es: 'Todo Facturo durante el periodo de prueba, con un cupo pequeño para probar.',
      en: 'All of Facturo during the trial, with a small allowance to try it out.',
    },
    price_monthly: '0.00',
    documents_per_month: 50,
    establishments: 1,
    users: 3,
    api_access: false,
    support_level: 'email',
    features: [],
    is_trial: true,
    is_public: false,
    sort_order: 0,
  },
  {
    code: 'basico',
    name: { es: 'Básico', en: 'Basic' },
    description: {
      es: 'Para emprendedores y negocios con un solo local.',
      en: 'For sole traders and single-shop businesses.',
    },
    price_monthly: '29.00',
    documents_per_month: 100,
    establishments: 1,
    users: 2,
    api_access: false,
    support_level: 'email',
    features: [
      {
        es: 'Facturas y notas de crédito electrónicas',
        en: 'Electronic invoices and credit notes',
      },
      {
        es: 'PDF y XML enviados al cliente por correo',
        en: 'PDF and XML e-mailed to the customer',
      },
    ],
    is_trial: false,
    is_public: true,
    sort_order: 10,
  },
  {
    code: 'profesional',
    name: { es: 'Profesional', en: 'Professional' },
    description: {
      es: 'Para pymes en crecimiento con varias sucursales.',
      en: 'For growing SMEs with several branches.',
    },
    price_monthly: '59.00',
    documents_per_month: 500,
    establishments: 3,
    users: 5,
    api_access: false,
    support_level: 'phone',
    features: [
      { es: 'Todo lo del plan Básico', en: 'Everything in Basic' },
      { es: 'Importación de catálogos por CSV', en: 'CSV catalog import' },
    ],
    is_trial: false,
    is_public: true,
    sort_order: 20,
  },
  {
    code: 'empresarial',
    name: { es: 'Empresarial', en: 'Business' },
    description: {
      es: 'Para empresas con alto volumen e integración con sus sistemas.',
      en: 'For high-volume companies that integrate their own systems.',
    },
    price_monthly: '119.00',
    documents_per_month: 2000,
    establishments: 10,
    users: 20,
    api_access: true,
    support_level: 'priority',
    features: [
      { es: 'Todo lo del plan Profesional', en: 'Everything in Professional' },
      { es: 'Acceso a la API REST', en: 'REST API access' },
    ],
    is_trial: false,
    is_public: true,
    sort_order: 30,
  },
]

export default class extends BaseSchema {
  protected tableName = 'plans'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      table.string('code', 32).notNullable().unique()
      // { es, en }: shown in the reader's language.
      table.jsonb('name').notNullable()
      table.jsonb('description').notNullable()
      table.decimal('price_monthly', 10, 2).notNullable()
      table.string('currency', 3).notNullable().defaultTo('USD')
      // Set by hand for real Stripe, or filled on first checkout from the
      // price whose lookup_key is facturo_<code>_monthly (docs/billing.md).
      table.string('stripe_price_id', 255).nullable().unique()
      table.integer('documents_per_month').nullable()
      table.integer('establishments').nullable()
      table.integer('users').nullable()
      table.boolean('api_access').notNullable().defaultTo(false)
      table.string('support_level', 16).notNullable().defaultTo('email')
      // [{ es, en }]: extra selling points shown on the plan card.
      table.jsonb('features').notNullable().defaultTo('[]')
      table.boolean('is_trial').notNullable().defaultTo(false)
      table.boolean('is_public').notNullable().defaultTo(true)
      table.boolean('is_active').notNullable().defaultTo(true)
      table.integer('sort_order').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
    })
    this.schema.raw(`
      alter table plans
        add constraint plans_code_format_check check (code ~ '^[a-z0-9_]+$'),
        add constraint plans_price_check check (price_monthly >= 0),
        add constraint plans_limits_check check (
          coalesce(documents_per_month, 0) >= 0 and coalesce(establishments, 1) >= 1
          and coalesce(users, 1) >= 1),
        add constraint plans_support_level_check
          check (support_level in ('email', 'phone', 'priority')),
        add constraint plans_trial_not_public_check check (not (is_trial and is_public))
    `)
    // Exactly one plan can be the trial.
    this.schema.raw('create unique index plans_one_trial on plans ((true)) where is_trial')

    this.defer(async (db) => {
      const now = new Date()
      await db.table(this.tableName).multiInsert(
        LAUNCH_PLANS.map((plan) => ({
          ...plan,
          name: JSON.stringify(plan.name),
          description: JSON.stringify(plan.description),
          features: JSON.stringify(plan.features),
          currency: 'USD',
          is_active: true,
          created_at: now,
        }))
      )
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
