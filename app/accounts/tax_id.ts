/**
 * A company's tax id at registration, checked by its country's adapter
 * (Ecuador RUC; Panama RUC + DV). The check digits live in one place per
 * country, the adapter, reached through the tax manager;
 * this module only picks the issue a form field shows.
 */
import tax from '#adapters/core/services/tax'
import type { CountryRules, TaxIdValidation, ValidationIssue } from '#adapters/core/types'

/** The country rules' verdict; a country without its own check keeps the number as typed. */
export function checkTaxId(country: string, taxId: string, dv?: string | null): TaxIdValidation {
  const rules: CountryRules | undefined = tax.has(country) ? tax.use(country) : undefined
  if (!rules?.validateTaxId) return { normalized: taxId.trim(), issues: [] }
  return rules.validateTaxId(taxId, dv)
}

/** The first blocking issue on a field (`taxId` or `taxIdCheckDigits`), if any. */
export function taxIdError(check: TaxIdValidation, field: string): ValidationIssue | undefined {
  return check.issues.find((issue) => issue.severity === 'error' && issue.field === field)
}
