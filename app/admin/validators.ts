import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import { TENANT_STATUSES } from '#tenancy/models/tenant'
import tax from '#adapters/core/services/tax'
import { CREDENTIAL_STATES } from '#admin/companies/queries'

const optionalChoice = <T extends readonly string[]>(choices: T) => vine.enum(choices).optional()

export const companyFiltersValidator = vine.compile(
  vine.object({
    q: vine.string().trim().maxLength(100).optional(),
    // The registered countries, read when a request is validated.
    country: vine.enum(() => tax.countries()).optional(),
    plan: vine.string().trim().maxLength(32).optional(),
    status: optionalChoice(TENANT_STATUSES),
    credential: optionalChoice(CREDENTIAL_STATES),
    page: vine.number().withoutDecimals().min(1).max(100_000).optional(),
  })
)

/** Every console action on a company says why; the reason goes to the audit log. */
const reason = () => vine.string().trim().minLength(3).maxLength(500)

export const reasonValidator = vine.compile(vine.object({ reason: reason() }))

export const changePlanValidator = vine.compile(
  vine.object({ plan: vine.string().trim().maxLength(32), reason: reason() })
)

export const extendTrialValidator = vine.compile(
  vine.object({ days: vine.number().withoutDecimals().min(1).max(90), reason: reason() })
)

export const planValidator = vine.compile(
  vine.object({
    code: vine
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z][a-z0-9_]{1,31}$/),
    nameEs: vine.string().trim().minLength(2).maxLength(60),
    nameEn: vine.string().trim().minLength(2).maxLength(60),
    descriptionEs: vine.string().trim().maxLength(300).optional(),
    descriptionEn: vine.string().trim().maxLength(300).optional(),
    priceMonthly: vine.number().min(0).max(100_000).decimal([0, 2]),
    stripePriceId: vine
      .string()
      .trim()
      .maxLength(255)
      .regex(/^price_[A-Za-z0-9_]+$/)
      .optional(),
    documentsPerMonth: vine.number().withoutDecimals().min(1).max(100_000_000).optional(),
    establishments: vine.number().withoutDecimals().min(1).max(100_000).optional(),
    users: vine.number().withoutDecimals().min(1).max(100_000).optional(),
    apiAccess: vine.boolean().optional(),
    isPublic: vine.boolean().optional(),
    sortOrder: vine.number().withoutDecimals().min(0).max(1000).optional(),
    reason: reason(),
  })
)
export type PlanInput = Infer<typeof planValidator>

export const auditFiltersValidator = vine.compile(
  vine.object({
    action: vine.string().trim().maxLength(64).optional(),
    company: vine.number().withoutDecimals().min(1).optional(),
    user: vine.string().trim().maxLength(120).optional(),
    from: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
    to: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
    scope: vine.enum(['platform', 'all'] as const).optional(),
    page: vine.number().withoutDecimals().min(1).max(100_000).optional(),
  })
)
export type AuditFilters = Infer<typeof auditFiltersValidator>

export const acknowledgeValidator = vine.compile(
  vine.object({
    key: vine.string().trim().maxLength(160),
    note: vine.string().trim().maxLength(500).optional(),
  })
)

export const failedJobValidator = vine.compile(vine.object({ reason: reason() }))
