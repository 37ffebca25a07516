import { computed } from 'vue'
import { usePage } from '@inertiajs/vue3'
import { IntlMessageFormat } from 'intl-messageformat'

const formatters = new Map<string, IntlMessageFormat>()
const intlCache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>()

function cachedIntl<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T) {
  let formatter = intlCache.get(key) as T | undefined
  if (!formatter) {
    formatter = make()
    intlCache.set(key, formatter)
  }
  return formatter
}

/** A calendar date ("2026-05-12") rather than an instant. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

/**
 * Client side of @adonisjs/i18n: the server shares the `ui.*` messages the
 * page uses, in the active locale, as page props, and this formats them
 * with the same ICU syntax. Unknown keys show the key itself so a missing
 * translation is seen.
 *
 * Numbers and dates use an explicit locale tag and the company's time zone
 * (the shared `formatLocale` and `tenant.timeZone`, from the country's
 * adapter), never the runtime's defaults, so the text rendered on the
 * server is the text the browser renders when it hydrates.
 */
export function useI18n() {
  const page = usePage()
  const locale = computed(() => page.props.locale || 'es')
  /**
   * In Spanish, the way the company's country writes numbers (its
   * adapter's locale) or the platform's outside a company; in English, US
   * English. Times in the company's time zone, UTC outside one.
   */
  const format = computed(() => ({
    locale: locale.value === 'en' ? 'en-US' : page.props.formatLocale,
    timeZone: page.props.tenant?.timeZone ?? 'UTC',
    currency: page.props.tenant?.money.currency ?? 'USD',
    display: page.props.tenant?.money.display ?? 'USD',
  }))

  /**
   * The ISO code an amount's symbol is drawn from: the company's own
   * currency as its country writes it (Panama's dollars as B/.), any other
   * as it is.
   */
  function shownCurrency(currency?: string) {
    const code = currency ?? format.value.currency
    return code === format.value.currency ? format.value.display : code
  }

  /**
   * The company's country's words (`#core/country_words`: `{authority}`,
   * `{gender}`, `{tax}`, `{key}`, `{printed}`…), given to every message so
   * no page passes them; a page's own data wins.
   */
  const countryWords = computed(() => page.props.tenant?.words ?? {})

  function t(key: string, data?: Record<string, unknown>): string {
    const fullKey = `ui.${key}`
    const message = page.props.messages?.[fullKey]
    if (message === undefined) return key
    if (!message.includes('{')) return message
    data = { ...countryWords.value, ...data }
    const cacheKey = `${locale.value}:${fullKey}`
    let formatter = formatters.get(cacheKey)
    if (!formatter) {
      formatter = new IntlMessageFormat(message, locale.value)
      formatters.set(cacheKey, formatter)
    }
    return String(formatter.format(data as any))
  }

  function formatMoney(value: number | string, currency?: string) {
    const tag = format.value.locale
    const code = shownCurrency(currency)
    return cachedIntl(
      `money:${tag}:${code}`,
      () => new Intl.NumberFormat(tag, { style: 'currency', currency: code })
    ).format(Number(value))
  }

  /** A unit price with the decimals it has (up to 6, at least 2): $0.125, $120.00. */
  function formatPrice(value: number | string, currency?: string) {
    const tag = format.value.locale
    const code = shownCurrency(currency)
    return cachedIntl(
      `price:${tag}:${code}`,
      () =>
        new Intl.NumberFormat(tag, {
          style: 'currency',
          currency: code,
          minimumFractionDigits: 2,
          maximumFractionDigits: 6,
        })
    ).format(Number(value))
  }

  /** A number as typed or stored ("1.500000" → "1,5"), with up to 6 decimals. */
  function formatNumber(value: number | string) {
    const tag = format.value.locale
    return cachedIntl(
      `number:${tag}`,
      () => new Intl.NumberFormat(tag, { maximumFractionDigits: 6 })
    ).format(Number(value))
  }

  /**
   * A day: a calendar date ("2026-05-12") is printed as that day wherever
   * the reader is; an instant as the day it was in the company's time zone.
   */
  function formatDate(value: string | Date) {
    const tag = format.value.locale
    const zone = typeof value === 'string' && DATE_ONLY.test(value) ? 'UTC' : format.value.timeZone
    const date = typeof value === 'string' && DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value
    return cachedIntl(
      `date:${tag}:${zone}`,
      () => new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: zone })
    ).format(new Date(date))
  }

  /** An instant (ISO text with its offset) as date and time in the company's time zone. */
  function formatDateTime(value: string | Date, timeStyle: 'short' | 'medium' = 'short') {
    const tag = format.value.locale
    const zone = format.value.timeZone
    return cachedIntl(
      `datetime:${tag}:${zone}:${timeStyle}`,
      () => new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle, timeZone: zone })
    ).format(new Date(value))
  }

  return {
    t,
    locale,
    format,
    formatMoney,
    formatPrice,
    formatNumber,
    formatDate,
    formatDateTime,
  }
}
