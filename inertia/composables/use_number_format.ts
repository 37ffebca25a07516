import type { FormatDto } from '#reports/dtos/report_dtos'

/**
 * Money, numbers and months in the company's locale ('es-EC', 'es-PA'),
 * with an explicit tag so the server render and the browser agree.
 */
export function useNumberFormat(format: FormatDto) {
  const money = new Intl.NumberFormat(format.locale, {
    style: 'currency',
    currency: format.currency,
  })
  const integer = new Intl.NumberFormat(format.locale, { maximumFractionDigits: 0 })
  const percent = new Intl.NumberFormat(format.locale, { maximumFractionDigits: 2 })
  const monthName = new Intl.DateTimeFormat(format.locale, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  })
  const day = new Intl.DateTimeFormat(format.locale, { dateStyle: 'medium', timeZone: 'UTC' })
  return {
    money: (value: string | number) => money.format(Number(value)),
    integer: (value: number) => integer.format(value),
    rate: (value: string) => `${percent.format(Number(value))} %`,
    /** "2026-03" → "mar 2026". */
    month: (value: string) => monthName.format(new Date(`${value}-01T00:00:00Z`)),
    /** "2026-03-15" → "15 mar 2026". */
    day: (value: string) => day.format(new Date(`${value}T00:00:00Z`)),
  }
}
