/*
|--------------------------------------------------------------------------
| SRI document validation
|--------------------------------------------------------------------------
|
| Everything SRI would refuse, found before a number is spent: schema
| limits (lengths, decimals, patterns), identification checks, the
| arithmetic (error 52), consumidor final's cap, payments that do not add
| up, and issuer data the XML requires. Returns issues; never throws.
|
*/
import { Decimal } from 'decimal.js'
import { certificateMatchesTaxId } from '#adapters/ecuador_sri/certificate_identity'
import type { IssuerContext, TaxDocument, ValidationIssue } from '#adapters/core/types'
import { nonXmlStrings } from '#adapters/core/xml_text'
import { isValidAccessKey, parseAccessKey } from '#adapters/ecuador_sri/access_key'
import { validateIdentification, validateIssuerRuc } from '#adapters/ecuador_sri/identification'
import { computeDocument, Dec, money } from '#adapters/ecuador_sri/money'
import {
  DOCUMENT_CODES,
  ENVIRONMENT_CODES,
  findIvaCategory,
  PAYMENT_METHODS,
} from '#adapters/ecuador_sri/tax_codes'

export interface SriValidationOptions {
  /** Highest importeTotal for a "consumidor final" (07) buyer, in USD. */
  finalConsumerCap: string
  /** Instant used for date and certificate checks (default now). */
  now?: Date
}

class Issues {
  readonly list: ValidationIssue[] = []

  error(field: string, code: string, es: string, en: string, params?: ValidationIssue['params']) {
    this.list.push({
      field,
      code: `tax.ec.${code}`,
      message: { es, en },
      severity: 'error',
      params,
    })
  }

  warning(field: string, code: string, es: string, en: string, params?: ValidationIssue['params']) {
    this.list.push({
      field,
      code: `tax.ec.${code}`,
      message: { es, en },
      severity: 'warning',
      params,
    })
  }

  /** Required single-line text up to `max` characters. */
  text(field: string, value: unknown, max: number, required: boolean) {
    if (
      value === undefined ||
      value === null ||
      (typeof value === 'string' && value.trim() === '')
    ) {
      if (required) {
        this.error(field, 'required', 'Este dato es obligatorio.', 'This value is required.', {
          field,
        })
      }
      return
    }
    if (typeof value !== 'string') {
      this.error(field, 'text', 'Debe ser un texto.', 'Must be text.', { field })
      return
    }
    if (value.trim().length > max) {
      this.error(
        field,
        'too_long',
        `Admite como máximo ${max} caracteres.`,
        `Takes at most ${max} characters.`,
        { field, max }
      )
    }
  }
}

function decimalPattern(places: number) {
  return new RegExp(`^\\d+(\\.\\d{1,${places}})?$`)
}
const SIX_PLACES = decimalPattern(6)
const TWO_PLACES = decimalPattern(2)

function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
}

export function validateSriDocument(
  doc: TaxDocument,
  issuer: IssuerContext,
  options: SriValidationOptions
): ValidationIssue[] {
  const issues = new Issues()
  const now = options.now ?? new Date()

  if (!(doc.type in DOCUMENT_CODES)) {
    issues.error(
      'type',
      'document_type',
      'El SRI solo admite aquí facturas y notas de crédito.',
      'Only invoices and credit notes are supported for the SRI.'
    )
    return issues.list
  }

  // Checked first and everywhere: one such character makes the whole XML malformed (error 35).
  validateXmlCharacters(issues, doc, issuer)
  validateIssuer(issues, doc, issuer, now)
  validateHeader(issues, doc, now)
  issues.text('buyer.name', doc.buyer?.name, 300, true)
  issues.text('buyer.address', doc.buyer?.address, 300, false)
  if (doc.buyer?.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(doc.buyer.email)) {
    issues.warning(
      'buyer.email',
      'buyer_email',
      'El correo del comprador no parece válido; no recibirá el comprobante.',
      "The buyer's e-mail does not look valid; the document will not reach them."
    )
  }
  issues.list.push(
    ...validateIdentification(doc.buyer?.identificationType, doc.buyer?.identification)
  )

  const linesOk = validateLines(issues, doc)
  validateAdditionalInfo(issues, doc)
  if (doc.type === 'credit_note') validateReference(issues, doc)

  // Amount checks need well-formed lines.
  if (linesOk && doc.lines.length > 0) validateAmounts(issues, doc, options)

  return issues.list
}

/**
 * Every text of the document and of the issuer's identity that XML 1.0
 * cannot carry (U+FFFE, U+FFFF, C0 controls other than tab/LF/CR, lone
 * surrogates): the builder could only write a malformed comprobante.
 */
function validateXmlCharacters(issues: Issues, doc: TaxDocument, issuer: IssuerContext) {
  const found = [...nonXmlStrings(doc), ...nonXmlStrings(issuer.identity ?? {}, 'issuer')]
  for (const problem of found) {
    issues.error(
      problem.path,
      'xml_character',
      `El texto contiene un carácter que los comprobantes electrónicos no admiten (${problem.codePoint}, posición ${problem.index + 1}); bórrelo y vuelva a escribirlo.`,
      `The text holds a character electronic documents cannot carry (${problem.codePoint}, position ${problem.index + 1}); delete it and type the text again.`,
      { field: problem.path, character: problem.codePoint, position: problem.index + 1 }
    )
  }
}

function validateIssuer(issues: Issues, doc: TaxDocument, issuer: IssuerContext, now: Date) {
  const identity = issuer.identity
  // The same rules as at registration: a valid RUC that ends in 001 (XSD numeroRuc).
  for (const problem of validateIssuerRuc(String(identity?.taxId ?? ''))) {
    issues.list.push({ ...problem, field: 'issuer.taxId' })
  }
  issues.text('issuer.legalName', identity?.legalName, 300, true)
  issues.text('issuer.tradeName', identity?.tradeName, 300, false)
  issues.text('issuer.headOfficeAddress', identity?.headOfficeAddress, 300, true)
  issues.text('issuer.establishmentAddress', doc.issuer?.establishmentAddress, 300, false)
  if (
    identity?.specialTaxpayerResolution !== undefined &&
    !/^[A-Za-z0-9]{3,13}$/.test(identity.specialTaxpayerResolution)
  ) {
    issues.error(
      'issuer.specialTaxpayerResolution',
      'special_taxpayer',
      'La resolución de contribuyente especial tiene de 3 a 13 letras o dígitos.',
      'The special taxpayer resolution has 3 to 13 letters or digits.'
    )
  }
  if (
    identity?.withholdingAgentResolution !== undefined &&
    !/^\d{1,8}$/.test(identity.withholdingAgentResolution)
  ) {
    issues.error(
      'issuer.withholdingAgentResolution',
      'withholding_agent',
      'La resolución de agente de retención tiene hasta 8 dígitos.',
      'The withholding agent resolution has up to 8 digits.'
    )
  }
  if (!(issuer.environment in ENVIRONMENT_CODES)) {
    issues.error(
      'issuer.environment',
      'environment',
      'Ambiente desconocido (pruebas o producción).',
      'Unknown environment (test or production).'
    )
  }

  const credential = issuer.credentials?.signing
  if (!credential) {
    issues.error(
      'issuer.credentials',
      'certificate_missing',
      'Cargue su certificado de firma electrónica (.p12) antes de emitir.',
      'Upload your electronic signature certificate (.p12) before issuing.'
    )
  } else {
    const certificate = credential.certificate
    if (now.getTime() > certificate.notAfter.getTime()) {
      issues.error(
        'issuer.credentials',
        'certificate_expired',
        'Su certificado de firma electrónica está caducado; cargue uno vigente.',
        'Your electronic signature certificate has expired; upload a valid one.'
      )
    } else if (now.getTime() < certificate.notBefore.getTime()) {
      issues.error(
        'issuer.credentials',
        'certificate_not_yet_valid',
        'Su certificado de firma electrónica todavía no es válido.',
        'Your electronic signature certificate is not valid yet.'
      )
    }
    // SRI looks for a RUC in the certificate; whether it rejects a different one is unconfirmed.
    if (identity?.taxId && !certificateMatchesTaxId(certificate, identity.taxId).matches) {
      issues.warning(
        'issuer.credentials',
        'certificate_ruc_mismatch',
        'El certificado no indica el RUC del emisor; el SRI podría rechazar la firma.',
        "The certificate does not state the issuer's RUC; the SRI may reject the signature."
      )
    }
  }
}

function validateHeader(issues: Issues, doc: TaxDocument, now: Date) {
  if (!/^\d{3}$/.test(doc.issuer?.establishmentCode ?? '')) {
    issues.error(
      'issuer.establishmentCode',
      'establishment',
      'El establecimiento tiene 3 dígitos (001).',
      'The establishment code has 3 digits (001).'
    )
  }
  if (!/^\d{3}$/.test(doc.issuer?.emissionPointCode ?? '')) {
    issues.error(
      'issuer.emissionPointCode',
      'emission_point',
      'El punto de emisión tiene 3 dígitos (001).',
      'The emission point code has 3 digits (001).'
    )
  }
  const sequential = String(doc.sequential ?? '')
  if (!/^\d{1,9}$/.test(sequential) || Number(sequential) === 0) {
    issues.error(
      'sequential',
      'sequential',
      'El secuencial es un número de 1 a 999999999.',
      'The sequential number goes from 1 to 999999999.'
    )
  }
  if (!isLocalDate(doc.issueDate)) {
    issues.error(
      'issueDate',
      'issue_date',
      'La fecha de emisión no es válida (AAAA-MM-DD).',
      'The issue date is not valid (YYYY-MM-DD).'
    )
  } else {
    // SRI refuses dates in the future or older than its tolerance (error 65, 90 days).
    const today = new Date(now.getTime() - 5 * 3600_000).toISOString().slice(0, 10)
    const ageDays = (Date.parse(today) - Date.parse(doc.issueDate)) / 86400_000
    if (ageDays < 0) {
      issues.error(
        'issueDate',
        'issue_date_future',
        'La fecha de emisión no puede ser futura.',
        'The issue date cannot be in the future.'
      )
    } else if (ageDays > 90) {
      issues.warning(
        'issueDate',
        'issue_date_old',
        'La fecha de emisión tiene más de 90 días; el SRI puede rechazarla (error 65).',
        'The issue date is more than 90 days old; the SRI may refuse it (error 65).'
      )
    }
  }
  if ((doc.currency ?? '').toUpperCase() !== 'USD') {
    issues.error(
      'currency',
      'currency',
      'Los comprobantes del SRI se emiten en dólares (USD).',
      'SRI documents are issued in US dollars (USD).'
    )
  }
  if (doc.numericCode !== undefined && !/^\d{8}$/.test(doc.numericCode)) {
    issues.error(
      'numericCode',
      'numeric_code',
      'El código numérico tiene 8 dígitos.',
      'The numeric code has 8 digits.'
    )
  }
  if (doc.authorityKey !== undefined) validateExistingKey(issues, doc)
}

/** A key passed for a rebuild must be valid and match the document (else SRI answers 58). */
function validateExistingKey(issues: Issues, doc: TaxDocument) {
  const key = doc.authorityKey!
  if (!isValidAccessKey(key)) {
    issues.error(
      'authorityKey',
      'access_key',
      'La clave de acceso no es válida (49 dígitos, módulo 11).',
      'The access key is not valid (49 digits, modulo 11).'
    )
    return
  }
  const fields = parseAccessKey(key)
  const expected = {
    issueDate: doc.issueDate,
    documentCode: DOCUMENT_CODES[doc.type],
    establishment: doc.issuer?.establishmentCode,
    emissionPoint: doc.issuer?.emissionPointCode,
    sequential: String(doc.sequential ?? '').padStart(9, '0'),
  }
  const mismatched = Object.entries(expected)
    .filter(([name, value]) => fields[name as keyof typeof fields] !== value)
    .map(([name]) => name)
  if (mismatched.length > 0) {
    issues.error(
      'authorityKey',
      'access_key_mismatch',
      'La clave de acceso no corresponde al documento (fecha, tipo, establecimiento o secuencial).',
      'The access key does not match the document (date, type, establishment or sequential).',
      { fields: mismatched.join(',') }
    )
  }
}

function validateLines(issues: Issues, doc: TaxDocument): boolean {
  let ok = true
  if (!Array.isArray(doc.lines) || doc.lines.length === 0) {
    issues.error(
      'lines',
      'no_lines',
      'El documento necesita al menos una línea.',
      'The document needs at least one line.'
    )
    return false
  }
  doc.lines.forEach((line, index) => {
    const at = (name: string) => `lines.${index}.${name}`
    issues.text(at('code'), line.code, 25, true)
    issues.text(at('auxiliaryCode'), line.auxiliaryCode, 25, false)
    issues.text(at('description'), line.description, 300, true)
    issues.text(at('unit'), line.unit, 50, false)

    if (
      typeof line.quantity !== 'string' ||
      !SIX_PLACES.test(line.quantity) ||
      new Dec(line.quantity).lte(0)
    ) {
      ok = false
      issues.error(
        at('quantity'),
        'quantity',
        'La cantidad debe ser mayor que cero, con hasta 6 decimales.',
        'The quantity must be above zero, with up to 6 decimals.',
        { line: index + 1 }
      )
    }
    if (typeof line.unitPrice !== 'string' || !SIX_PLACES.test(line.unitPrice)) {
      ok = false
      issues.error(
        at('unitPrice'),
        'unit_price',
        'El precio unitario debe ser cero o mayor, con hasta 6 decimales.',
        'The unit price must be zero or more, with up to 6 decimals.',
        { line: index + 1 }
      )
    }
    if (
      line.discount !== undefined &&
      (typeof line.discount !== 'string' || !TWO_PLACES.test(line.discount))
    ) {
      ok = false
      issues.error(
        at('discount'),
        'discount',
        'El descuento debe ser cero o mayor, con hasta 2 decimales.',
        'The discount must be zero or more, with up to 2 decimals.',
        { line: index + 1 }
      )
    }
    if (ok && line.discount !== undefined) {
      const gross = new Dec(line.quantity).mul(line.unitPrice)
      if (new Dec(line.discount).gt(gross)) {
        issues.error(
          at('discount'),
          'discount_exceeds',
          'El descuento no puede superar el valor de la línea.',
          'The discount cannot exceed the line amount.',
          { line: index + 1 }
        )
      }
    }

    const category = findIvaCategory(line.taxCategory)
    if (!category) {
      ok = false
      issues.error(
        at('taxCategory'),
        'tax_category',
        'Tarifa de IVA desconocida (iva_15, iva_5, iva_0, iva_no_objeto, iva_exento…).',
        'Unknown VAT rate (iva_15, iva_5, iva_0, iva_no_objeto, iva_exento…).',
        { line: index + 1 }
      )
    } else if (!category.active && doc.type === 'invoice') {
      issues.warning(
        at('taxCategory'),
        'tax_category_historic',
        `La tarifa ${category.label.es} ya no está vigente.`,
        `The rate ${category.label.en} is no longer in force.`,
        { line: index + 1 }
      )
    }

    for (const [taxIndex, extra] of (line.extraTaxes ?? []).entries()) {
      const field = at(`extraTaxes.${taxIndex}`)
      if (extra.category === 'ice') {
        const hasRate = extra.rate !== undefined && TWO_PLACES.test(extra.rate)
        const hasAmount = extra.amountPerUnit !== undefined && SIX_PLACES.test(extra.amountPerUnit)
        if (!/^\d{4}$/.test(extra.authorityCode ?? '') || hasRate === hasAmount) {
          ok = false
          issues.error(
            field,
            'ice',
            'El ICE necesita su código de 4 dígitos y una tarifa (%) o un valor por unidad.',
            'ICE needs its 4-digit code and either a rate (%) or an amount per unit.',
            { line: index + 1 }
          )
        }
      } else if (extra.category === 'irbpnr') {
        if (extra.amountPerUnit !== undefined && !SIX_PLACES.test(extra.amountPerUnit)) {
          ok = false
          issues.error(field, 'irbpnr', 'Valor de IRBPNR no válido.', 'Invalid IRBPNR amount.', {
            line: index + 1,
          })
        }
      } else {
        ok = false
        issues.error(
          field,
          'extra_tax',
          'Impuesto adicional desconocido (ice, irbpnr).',
          'Unknown extra tax (ice, irbpnr).',
          {
            line: index + 1,
          }
        )
      }
    }

    const details = line.additionalDetails ?? []
    if (details.length > 3) {
      issues.error(
        at('additionalDetails'),
        'line_details',
        'Cada línea admite hasta 3 detalles adicionales.',
        'Each line takes up to 3 additional details.',
        { line: index + 1 }
      )
    }
    details.forEach((detail, detailIndex) => {
      issues.text(at(`additionalDetails.${detailIndex}.name`), detail.name, 300, true)
      issues.text(at(`additionalDetails.${detailIndex}.value`), detail.value, 300, true)
    })
  })
  return ok
}

function validateAdditionalInfo(issues: Issues, doc: TaxDocument) {
  const entries = doc.additionalInfo ?? []
  // The buyer e-mail and phone are added to infoAdicional too; keep room for them.
  if (entries.length > 13) {
    issues.error(
      'additionalInfo',
      'additional_info',
      'Se admiten hasta 13 datos adicionales (el SRI permite 15, incluidos correo y teléfono).',
      'Up to 13 additional fields are allowed (SRI allows 15, e-mail and phone included).'
    )
  }
  entries.forEach((entry, index) => {
    issues.text(`additionalInfo.${index}.name`, entry.name, 300, true)
    issues.text(`additionalInfo.${index}.value`, entry.value, 300, true)
  })
}

function validateReference(issues: Issues, doc: TaxDocument) {
  const reference = doc.reference
  if (!reference) {
    issues.error(
      'reference',
      'reference_required',
      'Indique la factura que modifica la nota de crédito.',
      'Give the invoice the credit note modifies.'
    )
    return
  }
  if (reference.documentType !== 'invoice') {
    issues.error(
      'reference.documentType',
      'reference_type',
      'La nota de crédito modifica una factura.',
      'A credit note modifies an invoice.'
    )
  }
  if (!/^\d{3}-\d{3}-\d{9}$/.test(reference.number ?? '')) {
    issues.error(
      'reference.number',
      'reference_number',
      'El número del documento modificado tiene la forma 001-001-000000001.',
      'The modified document number looks like 001-001-000000001.'
    )
  }
  if (!isLocalDate(reference.issueDate)) {
    issues.error(
      'reference.issueDate',
      'reference_date',
      'La fecha del documento modificado no es válida.',
      'The date of the modified document is not valid.'
    )
  } else if (isLocalDate(doc.issueDate) && reference.issueDate > doc.issueDate) {
    issues.error(
      'reference.issueDate',
      'reference_date_after',
      'La factura modificada no puede ser posterior a la nota de crédito.',
      'The modified invoice cannot be dated after the credit note.'
    )
  }
  issues.text('reference.reason', reference.reason, 300, true)
  if (doc.tip !== undefined && new Decimal(TWO_PLACES.test(doc.tip) ? doc.tip : 0).gt(0)) {
    issues.error(
      'tip',
      'tip_credit_note',
      'Una nota de crédito no lleva propina.',
      'A credit note carries no tip.'
    )
  }
}

function validateAmounts(issues: Issues, doc: TaxDocument, options: SriValidationOptions) {
  if (doc.tip !== undefined && !TWO_PLACES.test(doc.tip)) {
    issues.error(
      'tip',
      'tip',
      'La propina tiene hasta 2 decimales.',
      'The tip has up to 2 decimals.'
    )
    return
  }
  const computed = computeDocument(doc)

  // totalDigits 14 with 2 decimals: 12 integer digits.
  if (computed.total.gte('1000000000000')) {
    issues.error(
      'lines',
      'amount_too_large',
      'El total supera el máximo del SRI.',
      'The total exceeds the SRI maximum.'
    )
  }
  // Ficha técnica: the tip is at most 10 % of the subtotal.
  if (computed.tip.gt(computed.subtotal.mul('0.10'))) {
    issues.error(
      'tip',
      'tip_limit',
      'La propina no puede superar el 10 % del subtotal.',
      'The tip cannot exceed 10 % of the subtotal.'
    )
  }
  // The gap between Σ line IVA and the group's IVA (tax on the grouped base, as SRI's own
  // tool computes it) is no issue for the user: the builder records it in the document's
  // technical details (docs/adapters/ecuador-sri.md, "Rounding").

  if (doc.buyer?.identificationType === '07' && computed.total.gt(options.finalConsumerCap)) {
    issues.error(
      'buyer.identificationType',
      'final_consumer_cap',
      `Una factura a consumidor final no puede superar USD ${options.finalConsumerCap}; identifique al comprador.`,
      `An invoice to a final consumer cannot exceed USD ${options.finalConsumerCap}; identify the buyer.`,
      { cap: options.finalConsumerCap, total: money(computed.total) }
    )
  }

  if (doc.type === 'invoice') validatePayments(issues, doc, computed.total)
}

function validatePayments(issues: Issues, doc: TaxDocument, total: Decimal) {
  const payments = doc.payments ?? []
  if (payments.length === 0) {
    issues.error(
      'payments',
      'payments_required',
      'Indique la forma de pago.',
      'Give the payment method.'
    )
    return
  }
  let sum = new Dec(0)
  let ok = true
  payments.forEach((payment, index) => {
    if (!PAYMENT_METHODS.some((method) => method.code === payment.method)) {
      ok = false
      issues.error(
        `payments.${index}.method`,
        'payment_method',
        'Forma de pago desconocida (01, 15, 16, 17, 18, 19, 20 o 21).',
        'Unknown payment method (01, 15, 16, 17, 18, 19, 20 or 21).'
      )
    }
    if (typeof payment.amount !== 'string' || !TWO_PLACES.test(payment.amount)) {
      ok = false
      issues.error(
        `payments.${index}.amount`,
        'payment_amount',
        'El valor del pago tiene hasta 2 decimales.',
        'The payment amount has up to 2 decimals.'
      )
    } else {
      sum = sum.plus(payment.amount)
    }
    // plazo is an XSD decimal with at most 2 decimals.
    if (payment.term !== undefined && !TWO_PLACES.test(String(payment.term))) {
      ok = false
      issues.error(`payments.${index}.term`, 'payment_term', 'Plazo no válido.', 'Invalid term.')
    }
  })
  if (ok && !sum.eq(total.toDecimalPlaces(2))) {
    issues.error(
      'payments',
      'payments_total',
      `Los pagos suman ${sum.toFixed(2)} y el total es ${money(total)}.`,
      `Payments add up to ${sum.toFixed(2)} but the total is ${money(total)}.`,
      { payments: sum.toFixed(2), total: money(total) }
    )
  }
}
