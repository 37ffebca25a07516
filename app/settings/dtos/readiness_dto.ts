import type { ReadinessCheck, ReadinessPlace } from '#adapters/core/types'

/** One pre-flight rule as the page shows it: in the reader's language, with where to fix it. */
export interface ReadinessCheckDto {
  code: string
  ok: boolean
  label: string
  detail: string | null
  /** Where in Facturo the rule is put right, when it names a place. */
  fix: { place: ReadinessPlace; href: string } | null
}

/** The app's page for each place a rule can name. */
const PLACES: Record<ReadinessPlace, string> = {
  company: '/app/settings/company',
  credentials: '/app/settings/certificates',
  establishments: '/app/establishments',
}

export function toReadinessChecks(checks: ReadinessCheck[], locale: string): ReadinessCheckDto[] {
  const lang = locale === 'en' ? 'en' : 'es'
  return checks.map((check) => ({
    code: check.code,
    ok: check.ok,
    label: check.label[lang],
    detail: check.detail ? check.detail[lang] : null,
    fix: check.fix ? { place: check.fix, href: PLACES[check.fix] } : null,
  }))
}
