import db from '@adonisjs/lucid/services/db'
import tax from '#adapters/core/services/tax'
import Tenant, { type TenantCountry } from '#tenancy/models/tenant'
import User from '#accounts/models/user'
import Membership from '#accounts/models/membership'
import { tenantContext } from '#tenancy/tenant_context'
import { uniqueTenantSlug } from '#accounts/actions/generate_tenant_slug'
import { AccountsException } from '#accounts/errors'
import { audit, type AuditActor } from '#accounts/audit/audit_service'
import app from '@adonisjs/core/services/app'
import { NewCompanyHook } from '#accounts/plan_hooks'
import { CompanySetup } from '#accounts/registration_hooks'

export interface RegisterCompanyInput {
  country: TenantCountry
  taxId: string
  taxIdDv?: string
  legalName: string
  tradeName: string
  address: string
  fullName: string
  email: string
  password: string
  locale: string
}

function isUniqueViolation(error: unknown, constraint: string) {
  const pgError = error as { code?: string; constraint?: string }
  return pgError?.code === '23505' && pgError.constraint === constraint
}

export type RegisterCompanyResult =
  | { status: 'created'; tenant: Tenant; user: User; membership: Membership }
  | { status: 'existing_account'; user: User }

/**
 * Sign-up: the company, its owner, the OWNER membership and the head office
 * (establishment and emission point) in one transaction, so a
 * half-registered company cannot exist. The new company
 * starts in TRIAL on the trial plan (its trial ends after BILLING_TRIAL_DAYS),
 * in the authority's test environment.
 *
 * An e-mail that already has an account is not an error the form shows
 * (that would tell anyone who has an account): nothing is created and the
 * caller answers exactly as for a new account, mailing the owner of the
 * address instead. A taken RUC is still refused on its field: which
 * companies exist is public in the tax registry, and it is checked first,
 * so the answer never depends on the e-mail.
 */
export default class RegisterCompany {
  async handle(input: RegisterCompanyInput, actor: AuditActor): Promise<RegisterCompanyResult> {
    const profile = tax.use(input.country).profile
    try {
      return await db.transaction(async (trx) => {
        const taken = await Tenant.query({ client: trx })
          .where('country', input.country)
          .where('tax_id', input.taxId)
          .first()
        if (taken) throw new AccountsException('accounts.register.tax_id_taken', {}, 'taxId')

        const existing = await User.findByEmail(input.email, trx)
        if (existing) return { status: 'existing_account' as const, user: existing }

        const tenant = await Tenant.create(
          {
            country: input.country,
            taxId: input.taxId,
            taxIdDv: profile.taxId.checkDigits ? (input.taxIdDv ?? null) : null,
            legalName: input.legalName,
            tradeName: input.tradeName,
            address: input.address,
            slug: await uniqueTenantSlug(input.tradeName, trx),
            status: 'TRIAL',
            authorityEnvironment: 'test',
            planCode: 'trial',
            currency: profile.currency.code,
            locale: input.locale,
          },
          { client: trx }
        )
        const onCreated = await app.container.make(NewCompanyHook)
        await onCreated.created(tenant, trx)

        const user = await User.create(
          {
            fullName: input.fullName,
            email: input.email,
            password: input.password,
            isSuperAdmin: false,
            locale: input.locale,
          },
          { client: trx }
        )

        const membership = await tenantContext.run(tenant, async () => {
          const owner = await Membership.create(
            { userId: user.id, role: 'OWNER', isActive: true, isDefault: true },
            { client: trx }
          )
          const context = { tenantId: tenant.id, userId: user.id, client: trx }
          await audit.record(actor, 'tenant.registered', {
            ...context,
            entity: 'tenant',
            entityId: tenant.id,
            after: {
              country: tenant.country,
              taxId: tenant.taxId,
              legalName: tenant.legalName,
              tradeName: tenant.tradeName,
              slug: tenant.slug,
            },
          })
          await audit.record(actor, 'user.registered', {
            ...context,
            entity: 'user',
            entityId: user.id,
            after: { email: user.email, fullName: user.fullName, role: owner.role },
          })
          // What other modules add (the catalog: the head office and its
          // first emission point), in this transaction.
          const setup = await app.container.make(CompanySetup)
          await setup.created({ tenant, address: input.address, userId: user.id, actor, trx })
          return owner
        })

        return { status: 'created' as const, tenant, user, membership }
      })
    } catch (error) {
      // Two sign-ups racing past the checks above meet the unique indexes.
      if (isUniqueViolation(error, 'users_email_lower_unique')) {
        const user = await User.findByEmail(input.email)
        if (user) return { status: 'existing_account', user }
      }
      if (isUniqueViolation(error, 'tenants_country_tax_id_unique')) {
        throw new AccountsException('accounts.register.tax_id_taken', {}, 'taxId')
      }
      throw error
    }
  }
}
