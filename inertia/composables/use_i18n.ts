import { computed } from 'vue'
import { usePage } from '@inertiajs/vue3'
import { IntlMessageFormat } from 'intl-messageformat'

const formatters = new Map<string, IntlMessageFormat>()

/**
 * Client side of @adonisjs/i18n: the server shares the `ui.*` messages of the
 * active locale as page props, and this formats them with the same ICU
 * syntax. Unknown keys show the key itself so a missing translation is seen.
 */
export function useI18n() {
  const page = usePage()
  const locale = computed(() => page.props.locale || 'es')

  function t(key: string, data?: Record<string, unknown>): string {
    const fullKey = `ui.${key}`
    const message = page.props.messages?.[fullKey]
    if (message === undefined) return key
    if (!data && !message.includes('{')) return message
    const cacheKey = `${locale.value}:${fullKey}`
    let formatter = formatters.get(cacheKey)
    if (!formatter) {
      formatter = new IntlMessageFormat(message, locale.value)
      formatters.set(cacheKey, formatter)
    }
    return String(formatter.format(data as any))
  }

  /**
   * The tag numbers and dates are written with: in Spanish, the way the
   * company's country writes them (its adapter's locale), or the
   * platform's outside a company; in English, US English.
   */
  const formatTag = computed(() => (locale.value === 'en' ? 'en-US' : page.props.formatLocale))

  /** Money in the company's currency (its adapter's), unless the caller names one. */
  function formatMoney(value: number | string, currency?: string) {
    return new Intl.NumberFormat(formatTag.value, {
      style: 'currency',
      currency: currency ?? page.props.tenant?.money.currency ?? 'USD',
    }).format(Number(value))
  }

  function formatDate(value: string | Date) {
    return new Intl.DateTimeFormat(formatTag.value, { dateStyle: 'medium' }).format(new Date(value))
  }

  /**
   * A date and time. Give the zone to show it in (the company's, so the
   * server and browser renderings agree); the reader's own otherwise.
   */
  function formatDateTime(value: string | Date, timeZone?: string) {
    return new Intl.DateTimeFormat(formatTag.value, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone,
    }).format(new Date(value))
  }

  return { t, locale, formatMoney, formatDate, formatDateTime }
}
