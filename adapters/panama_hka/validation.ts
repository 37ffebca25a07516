/*
|--------------------------------------------------------------------------
| Panama HKA: checks before a document is numbered
|--------------------------------------------------------------------------
|
| What HKA's Enviar needs (hka/01_documentos_fel/02_metodo_enviar.md,
| panama-hka.md §1.4), checked on Facturo's neutral document so the user
| hears about it before a number is spent: the buyer per tipoClienteFE
| (identification.ts), field lengths, amounts with up to 6 decimals, known
| ITBMS rates and payment forms, payments that add up to HKA's total, and
| a credit note's reference. Never throws: problems are issues (errors
| block, warnings inform).
|
*/
import type { IssuerContext, TaxDocument, ValidationIssue } from '#adapters/core/types'
import { validateCustomer } from '#adapters/panama_hka/identification'
import { panamaIssue, type PanamaMessageKey } from '#adapters/panama_hka/messages'
import {
  validateEmissionPointCode,
  validateEstablishmentCode,
} from '#adapters/panama_hka/country_data'
import { validateCufe } from '#adapters/panama_hka/cufe'
import { computeDocumento, Dec, money } from '#adapters/panama_hka/documento/amounts'
import {
  ADDRESS_LENGTH,
  DEFAULT_CREDIT_DAYS,
  NAME_LENGTH,
  clean,
  cpbsOf,
  hkaEmails,
  hkaPhone,
  interestInformation,
  isDeferred,
} from '#adapters/panama_hka/documento/mapper'
import { PANAMA_PAYMENT_METHODS, findCode, findTaxCategory } from '#adapters/panama_hka/tax_codes'

/** descripcion AN|2..500, codigo AN|1..20, unidadMedida AN|1..20. */
export const DESCRIPTION_LENGTH = { min: 2, max: 500 } as const
export const CODE_MAX = 20
export const UNIT_MAX = 20
export const INFORMATION_MAX = 5000
/** HKA's FAQ: a credit note within 180 days of the invoice (unconfirmed by the DGI; HKA decides). */
export const CREDIT_NOTE_DAYS = 180

const SIX_PLACES = /^\d+(\.\d{1,6})?$/
const TWO_PLACES = /^\d+(\.\d{1,2})?$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const SETTINGS: Record<string, readonly string[]> = {
  branchType: ['1', '2'],
  cafeFormat: ['1', '2', '3'],
  cafeDelivery: ['1', '2', '3'],
  saleType: ['1', '2', '3', '4'],
}

class Issues {
  readonly list: ValidationIssue[] = []

  add(
    key: PanamaMessageKey,
    field: string,
    params?: Record<string, string | number>,
    severity: ValidationIssue['severity'] = 'error'
  ) {
    this.list.push(panamaIssue(key, field, { params, severity }))
  }

  warn(key: PanamaMessageKey, field: string, params?: Record<string, string | number>) {
    this.add(key, field, params, 'warning')
  }

  get hasErrors() {
    return this.list.some((issue) => issue.severity === 'error')
  }
}

function isDate(value: unknown): value is string {
  const match = typeof value === 'string' ? DATE.exec(value) : null
  if (!match) return false
  const [year, month, day] = match.slice(1).map(Number)
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

function text(value: unknown): string {
  return typeof value === 'string'
    ? value
    : value === undefined || value === null
      ? ''
      : String(value)
}

function checkBuyer(issues: Issues, doc: TaxDocument) {
  const buyer = doc.buyer
  const type = text(buyer.identificationType).trim()
  const typeIssues = validateCustomer(
    {
      type,
      number: text(buyer.identification),
      checkDigits: buyer.checkDigits,
      taxpayerType: buyer.taxpayerType,
      foreignIdType: buyer.foreignIdType,
      country: buyer.foreignCountry,
    },
    { prefix: 'buyer' }
  )
  issues.list.push(...typeIssues)

  const name = clean(text(buyer.name))
  const nameOk =
    name !== undefined && name.length >= NAME_LENGTH.min && name.length <= NAME_LENGTH.max
  // razonSocial is required for 01/03; for 02/04 a long name would be refused too.
  if (!nameOk && (type === '01' || type === '03' || name !== undefined)) {
    issues.add('tax.pa.buyer.name', 'buyer.name', { ...NAME_LENGTH })
  }

  const address = clean(buyer.address)
  const addressOk =
    address !== undefined &&
    address.length >= ADDRESS_LENGTH.min &&
    address.length <= ADDRESS_LENGTH.max
  if (!addressOk && (type === '01' || type === '03')) {
    issues.add('tax.pa.buyer.address', 'buyer.address', { ...ADDRESS_LENGTH })
  } else if (!addressOk && address !== undefined && type !== '04') {
    issues.warn('tax.pa.buyer.address_omitted', 'buyer.address', { ...ADDRESS_LENGTH })
  }

  const phone = clean(buyer.phone)
  if (phone && !hkaPhone(phone))
    issues.warn('tax.pa.buyer.phone_omitted', 'buyer.phone', { value: phone })

  const emails = (buyer.email ?? '').split(/[,;\s]+/).filter((email) => email.trim() !== '')
  const sent = hkaEmails(buyer.email)
  for (const email of emails) {
    if (!sent.includes(email.trim())) {
      issues.warn('tax.pa.buyer.email_omitted', 'buyer.email', { value: email.trim() })
    }
  }
}

function checkLines(issues: Issues, doc: TaxDocument) {
  if (!Array.isArray(doc.lines) || doc.lines.length === 0) {
    issues.add('tax.pa.line.required', 'lines')
    return
  }
  const government = text(doc.buyer?.identificationType).trim() === '03'
  doc.lines.forEach((line, index) => {
    const field = (name: string) => `lines.${index}.${name}`
    const description = clean(text(line.description))
    if (
      !description ||
      description.length < DESCRIPTION_LENGTH.min ||
      description.length > DESCRIPTION_LENGTH.max
    ) {
      issues.add('tax.pa.line.description', field('description'), { ...DESCRIPTION_LENGTH })
    }
    if ((clean(text(line.code)) ?? '').length > CODE_MAX) {
      issues.add('tax.pa.line.code', field('code'), { max: CODE_MAX })
    }
    if ((clean(text(line.unit)) ?? '').length > UNIT_MAX) {
      issues.add('tax.pa.line.unit', field('unit'), { max: UNIT_MAX })
    }
    const quantityOk = SIX_PLACES.test(text(line.quantity)) && new Dec(line.quantity).gt(0)
    if (!quantityOk) issues.add('tax.pa.line.quantity', field('quantity'))
    const priceOk = SIX_PLACES.test(text(line.unitPrice))
    if (!priceOk) issues.add('tax.pa.line.unit_price', field('unitPrice'))
    const discount = line.discount === undefined || line.discount === '' ? '0' : text(line.discount)
    if (!TWO_PLACES.test(discount)) {
      issues.add('tax.pa.line.discount', field('discount'))
    } else if (quantityOk && priceOk && new Dec(discount).gt(0)) {
      // precioUnitarioDescuento must stay below precioUnitario (02_metodo_enviar.md).
      const gross = new Dec(line.quantity).mul(line.unitPrice)
      if (new Dec(discount).gte(gross)) issues.add('tax.pa.line.discount', field('discount'))
    }
    if (!findTaxCategory(text(line.taxCategory))) {
      issues.add('tax.pa.line.tax_category', field('taxCategory'), {
        value: text(line.taxCategory),
      })
    }
    if (line.extraTaxes && line.extraTaxes.length > 0) {
      issues.add('tax.pa.line.extra_taxes', field('extraTaxes'))
    }
    if (government && !/^\d{4}$/.test(cpbsOf({ line }) ?? '')) {
      issues.add('tax.pa.line.cpbs', field('additionalDetails'))
    }
  })
}

function checkPayments(issues: Issues, doc: TaxDocument, total: string | undefined) {
  const payments = doc.payments ?? []
  if (payments.length === 0) {
    issues.add('tax.pa.payment.required', 'payments')
    return
  }
  let sum = new Dec(0)
  let readable = true
  payments.forEach((payment, index) => {
    if (!findCode(PANAMA_PAYMENT_METHODS, payment.method)) {
      issues.add('tax.pa.payment.method', `payments.${index}.method`, {
        value: text(payment.method),
      })
    }
    const amount = text(payment.amount)
    if (!TWO_PLACES.test(amount) || new Dec(amount).lte(0)) {
      issues.add('tax.pa.payment.amount', `payments.${index}.amount`)
      readable = false
    } else {
      sum = sum.plus(amount)
    }
    if (payment.term !== undefined && (!Number.isInteger(payment.term) || payment.term < 0)) {
      issues.add('tax.pa.payment.term', `payments.${index}.term`)
    } else if (isDeferred(payment) && !payment.term) {
      issues.warn('tax.pa.payment.default_term', `payments.${index}.term`, {
        days: DEFAULT_CREDIT_DAYS,
      })
    }
  })
  if (readable && total !== undefined && money(sum) !== total) {
    issues.add('tax.pa.payment.total', 'payments', { payments: money(sum), total })
  }
}

function checkReference(issues: Issues, doc: TaxDocument) {
  const reference = doc.reference
  if (!reference || !clean(reference.reason) || !isDate(reference.issueDate)) {
    issues.add('tax.pa.credit_note.reference', 'reference')
    return
  }
  if (!clean(reference.authorityKey)) {
    issues.warn('tax.pa.credit_note.generic', 'reference.authorityKey')
  } else {
    issues.list.push(...validateCufe(reference.authorityKey, { field: 'reference.authorityKey' }))
  }
  if (isDate(doc.issueDate)) {
    const days = (Date.parse(doc.issueDate) - Date.parse(reference.issueDate)) / 86_400_000
    if (days > CREDIT_NOTE_DAYS) {
      issues.warn('tax.pa.credit_note.late', 'reference.issueDate', { days: CREDIT_NOTE_DAYS })
    }
  }
}

/** Every check of a document for HKA. */
export function validatePanamaDocument(doc: TaxDocument, issuer: IssuerContext): ValidationIssue[] {
  const issues = new Issues()
  if (doc.type !== 'invoice' && doc.type !== 'credit_note') {
    issues.add('tax.pa.document.type', 'type', { value: text(doc.type) })
    return issues.list
  }
  if (text(doc.currency).toUpperCase() !== 'USD') {
    issues.add('tax.pa.document.currency', 'currency', { value: text(doc.currency) })
  }
  if (!isDate(doc.issueDate)) {
    issues.add('tax.pa.document.issue_date', 'issueDate', { value: text(doc.issueDate) })
  }
  const sequential = text(doc.sequential).trim()
  if (!/^\d{1,10}$/.test(sequential) || /^0+$/.test(sequential)) {
    issues.add('tax.pa.document.number', 'sequential')
  }
  issues.list.push(...validateEstablishmentCode(doc.issuer?.establishmentCode))
  issues.list.push(...validateEmissionPointCode(doc.issuer?.emissionPointCode))
  if (new Dec(TWO_PLACES.test(text(doc.tip)) ? text(doc.tip) : '0').gt(0)) {
    issues.add('tax.pa.document.tip', 'tip')
  }

  for (const [name, allowed] of Object.entries(SETTINGS)) {
    const value = issuer.settings?.[name]
    if (value !== undefined && !allowed.includes(value as string)) {
      issues.warn('tax.pa.document.setting', `settings.${name}`, { name, value: text(value) })
    }
  }

  checkBuyer(issues, doc)
  checkLines(issues, doc)

  // Totals need readable lines; HKA's total decides whether the payments add up.
  let total: string | undefined
  if (!issues.list.some((issue) => issue.field.startsWith('lines'))) {
    total = money(computeDocumento(doc).total)
  }
  if (doc.type === 'invoice') checkPayments(issues, doc, total)
  else checkReference(issues, doc)

  if ((interestInformation(doc, Number.POSITIVE_INFINITY) ?? '').length > INFORMATION_MAX) {
    issues.warn('tax.pa.document.information_length', 'additionalInfo', { max: INFORMATION_MAX })
  }
  return issues.list
}
