import type { CompanyField } from '#adapters/core/types'
import type Tenant from '#tenancy/models/tenant'
import type CompanyLogo from '#tenancy/models/company_logo'

/** A country field as the page renders it: in the reader's language. */
export interface CompanyFieldDto {
  key: string
  kind: CompanyField['kind']
  label: string
  hint: string | null
  required: boolean
  maxLength: number | null
  options: Array<{ code: string; label: string }>
}

/** The company settings page's data. */
export interface CompanyDto {
  legalName: string
  tradeName: string
  taxId: string
  taxIdDv: string | null
  /** The country writes check digits apart (the DV field is shown). */
  asksCheckDigits: boolean
  address: string
  contactEmail: string | null
  contactPhone: string | null
  countryFields: Record<string, string | boolean>
  logo: { width: number; height: number; updatedAt: string | null } | null
}

export function toCompanyFields(fields: CompanyField[], locale: string): CompanyFieldDto[] {
  const lang = locale === 'en' ? 'en' : 'es'
  return fields.map((field) => ({
    key: field.key,
    kind: field.kind,
    label: field.label[lang],
    hint: field.hint ? field.hint[lang] : null,
    required: field.required === true,
    maxLength: field.maxLength ?? null,
    options: (field.options ?? []).map((option) => ({
      code: option.code,
      label: option.label[lang],
    })),
  }))
}

export function toCompanyDto(
  tenant: Tenant,
  asksCheckDigits: boolean,
  logo: CompanyLogo | null
): CompanyDto {
  return {
    legalName: tenant.legalName,
    tradeName: tenant.tradeName,
    taxId: tenant.taxId,
    taxIdDv: tenant.taxIdDv,
    asksCheckDigits,
    address: tenant.address,
    contactEmail: tenant.contactEmail,
    contactPhone: tenant.contactPhone,
    countryFields: { ...(tenant.countrySettings ?? {}) },
    logo: logo
      ? { width: logo.width, height: logo.height, updatedAt: logo.updatedAt?.toISO() ?? null }
      : null,
  }
}
