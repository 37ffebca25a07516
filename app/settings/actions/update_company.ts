import type { HttpContext } from '@adonisjs/core/http'
import Tenant from '#tenancy/models/tenant'
import Document from '#documents/models/document'
import { audit, auditChanges } from '#accounts/audit/audit_service'
import { AccountsException } from '#accounts/errors'
import { checkTaxId, taxIdError } from '#accounts/tax_id'
import { countrySettingsFrom } from '#settings/company_fields'
import { companyFieldsOf } from '#tenancy/country_settings'

export interface CompanyInput {
  legalName: string
  tradeName?: string
  taxId?: string
  taxIdDv?: string
  address: string
  contactEmail?: string
  contactPhone?: string
  countryFields?: Record<string, unknown>
}

function snapshot(row: Tenant) {
  return {
    legalName: row.legalName,
    tradeName: row.tradeName,
    taxId: row.taxId,
    taxIdDv: row.taxIdDv,
    address: row.address,
    contactEmail: row.contactEmail,
    contactPhone: row.contactPhone,
    // Sorted: PostgreSQL's jsonb keeps its own key order, the form another.
    countrySettings: Object.fromEntries(Object.entries(row.countrySettings ?? {}).sort()),
  }
}

/**
 * Saves the company's data and writes what changed (before/after) to the
 * audit log, in one transaction with the company's row locked.
 *
 * The tax id can change only while the company has issued nothing: every
 * document carries it, and the authority knows the company by it.
 */
export default class UpdateCompany {
  async handle(ctx: HttpContext, tenant: Tenant, input: CompanyInput) {
    const fields = companyFieldsOf(tenant.country)
    await audit.transaction(ctx, async (trx, record) => {
      const row = await Tenant.query({ client: trx })
        .where('id', tenant.id)
        .forUpdate()
        .firstOrFail()
      const before = snapshot(row)

      const wantedTaxId = input.taxId ?? row.taxId
      const wantedDv = input.taxIdDv ?? row.taxIdDv
      if (wantedTaxId !== row.taxId || (row.taxIdDv !== null && wantedDv !== row.taxIdDv)) {
        const issued = await Document.query({ client: trx }).first()
        if (issued)
          throw new AccountsException('settings.company.errors.tax_id_locked', {}, 'taxId')
        const check = checkTaxId(row.country, wantedTaxId, wantedDv)
        const problem = taxIdError(check, 'taxId') ?? taxIdError(check, 'taxIdCheckDigits')
        if (problem) {
          const lang = ctx.i18n.locale === 'en' ? 'en' : 'es'
          throw new AccountsException(
            'settings.company.errors.tax_id_invalid',
            { reason: problem.message[lang] },
            problem.field === 'taxIdCheckDigits' ? 'taxIdDv' : 'taxId'
          )
        }
        const taken = await Tenant.query({ client: trx })
          .where('country', row.country)
          .where('tax_id', check.normalized)
          .whereNot('id', row.id)
          .first()
        if (taken) throw new AccountsException('accounts.register.tax_id_taken', {}, 'taxId')
        row.taxId = check.normalized
        if (row.taxIdDv !== null) row.taxIdDv = wantedDv
      }

      row.legalName = input.legalName
      row.tradeName = input.tradeName ?? ''
      row.address = input.address
      row.contactEmail = input.contactEmail ?? null
      row.contactPhone = input.contactPhone ?? null
      row.countrySettings = countrySettingsFrom(fields, input.countryFields)
      const changes = auditChanges(before, snapshot(row))
      if (!changes) return
      await row.save()
      await record('tenant.settings_changed', { entity: 'tenant', entityId: row.id, ...changes })
      Object.assign(tenant, snapshot(row))
    })
  }
}
