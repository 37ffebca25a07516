/*
|--------------------------------------------------------------------------
| FakeTaxAuthority
|--------------------------------------------------------------------------
|
| An in-memory adapter (country 'XX') for tests of the pipeline, jobs and
| pages. It honours the whole contract: validates, builds a deterministic
| JSON body, signs it with an HMAC, and keeps submitted documents in memory.
| Outcomes are scripted (authorize, reject with messages, stay pending N
| times, fail the transport N times) and every call is recorded.
|
|   const fake = tax.fake('EC', new FakeTaxAuthority({ country: 'EC' }))
|   fake.willStayPending(2).willFailTransport(1)
|
*/
import { createHash, createHmac } from 'node:crypto'
import { Decimal } from 'decimal.js'
import { TaxTransportError, TaxUnsupportedError } from '#adapters/core/errors'
import { TaxAuthority } from '#adapters/core/tax_authority'
import type {
  AuthorityMessage,
  BuiltDocument,
  Capabilities,
  CodeOption,
  CountryCode,
  CountryProfile,
  DocumentRef,
  IdentificationType,
  IssuerContext,
  SignedDocument,
  StatusResult,
  SubmitResult,
  TaxCategory,
  TaxDocument,
  ValidationIssue,
  VoidResult,
} from '#adapters/core/types'

export type FakeOutcome =
  | { type: 'authorize' }
  | { type: 'reject'; at: 'submit' | 'status'; messages: AuthorityMessage[] }
  | { type: 'pending'; times: number; then: 'authorize' | 'reject'; messages?: AuthorityMessage[] }

export interface FakeTaxAuthorityOptions {
  country?: CountryCode
  /** IANA zone of the country's calendar (profile.timeZone); UTC by default. */
  timeZone?: string
  capabilities?: Partial<Capabilities>
  /** Replaces members of the fake's country profile. */
  profile?: Partial<CountryProfile>
  /** Outcome for documents submitted from now on (default: authorize). */
  outcome?: FakeOutcome
  /** Number of upcoming submit/checkStatus/void calls that fail with E_TAX_TRANSPORT (Infinity = unreachable). */
  transportFailures?: number
}

export interface FakeCall {
  method: 'validate' | 'buildDocument' | 'sign' | 'submit' | 'checkStatus' | 'void' | 'close'
  authorityKey?: string
  at: Date
}

interface StoredDocument {
  signed: SignedDocument
  outcome: FakeOutcome
  pendingLeft: number
  status: 'received' | 'authorized' | 'rejected' | 'voided'
  authorizedAt?: Date
  messages: AuthorityMessage[]
}

const DEFAULT_REJECTION: AuthorityMessage[] = [
  { code: 'FAKE-52', text: 'Error en diferencias (fake)', severity: 'error' },
]

const TAX_CATEGORIES: TaxCategory[] = [
  {
    code: 'vat_0',
    kind: 'vat',
    label: { es: 'IVA 0 %', en: 'VAT 0 %' },
    rate: '0',
    authorityCode: 'VAT',
    authorityRateCode: '0',
    active: true,
  },
  {
    code: 'vat_10',
    kind: 'vat',
    label: { es: 'IVA 10 %', en: 'VAT 10 %' },
    rate: '10',
    authorityCode: 'VAT',
    authorityRateCode: '10',
    active: true,
  },
]

const IDENTIFICATION_TYPES: IdentificationType[] = [
  { code: 'TAXID', key: 'tax_id', label: { es: 'Número fiscal', en: 'Tax id' } },
  {
    code: 'FINAL',
    key: 'final_consumer',
    label: { es: 'Consumidor final', en: 'Final consumer' },
    fixedNumber: '0000000000',
  },
  { code: 'FOREIGN', key: 'foreign', label: { es: 'Extranjero', en: 'Foreign' } },
]

export class FakeTaxAuthority extends TaxAuthority {
  readonly country: CountryCode
  readonly capabilities: Capabilities
  readonly profile: CountryProfile
  /** Every call, in order. */
  readonly calls: FakeCall[] = []
  /** Documents the fake authority holds, by authority key. */
  readonly documents = new Map<string, StoredDocument>()
  outcome: FakeOutcome
  transportFailures: number
  closeCount = 0

  constructor(options: FakeTaxAuthorityOptions = {}) {
    super()
    this.country = options.country ?? 'XX'
    this.capabilities = {
      issuing: true,
      signing: 'local',
      authorization: 'async',
      voiding: true,
      documentTypes: ['invoice', 'credit_note'],
      ...options.capabilities,
    }
    this.profile = {
      name: { es: `País de prueba ${this.country}`, en: `Test country ${this.country}` },
      authorityName: 'FAKE',
      currency: { code: 'USD', locale: 'en-US' },
      terms: {
        tax: 'VAT',
        authorityFullName: { es: 'Autoridad de pruebas', en: 'Test authority' },
        authorityGender: 'feminine',
        documentKey: { es: 'clave', en: 'key' },
        printedDocument: 'PDF',
        taxId: 'Tax id',
      },
      timeZone: options.timeZone ?? 'UTC',
      credential: this.capabilities.signing === 'local' ? 'certificate' : 'none',
      environments: [
        { code: 'test', label: { es: 'Pruebas', en: 'Testing' } },
        { code: 'production', label: { es: 'Producción', en: 'Production' } },
      ],
      voiding: {
        by: this.capabilities.voiding ? 'authority' : 'credit_note',
        explanation: { es: 'Anulación de prueba.', en: 'Test voiding.' },
      },
      fileNames: { invoice: 'invoice', credit_note: 'credit-note' },
      draftFileName: 'draft',
      defaults: { taxCategory: 'vat_10', paymentMethod: 'cash', addedPaymentMethod: 'card' },
      taxId: {
        checkDigits: false,
        example: '1234567890',
        hint: { es: 'Número de prueba.', en: 'Test number.' },
        numeric: true,
      },
      ...options.profile,
    }
    this.outcome = options.outcome ?? { type: 'authorize' }
    this.transportFailures = options.transportFailures ?? 0
  }

  /*
  | Scripting
  */

  /** Documents submitted from now on are authorized at the first status check. */
  willAuthorize(): this {
    this.outcome = { type: 'authorize' }
    return this
  }

  /** Documents submitted from now on are refused, at reception or at authorization. */
  willReject(
    messages: AuthorityMessage[] = DEFAULT_REJECTION,
    at: 'submit' | 'status' = 'status'
  ): this {
    this.outcome = { type: 'reject', at, messages }
    return this
  }

  /** Status checks answer `pending` this many times before the final outcome. */
  willStayPending(times: number, then: 'authorize' | 'reject' = 'authorize'): this {
    this.outcome = { type: 'pending', times, then }
    return this
  }

  /** The next `times` transport calls throw E_TAX_TRANSPORT. */
  willFailTransport(times: number = 1): this {
    this.transportFailures = times
    return this
  }

  /** Calls of one method. */
  callsOf(method: FakeCall['method']): FakeCall[] {
    return this.calls.filter((call) => call.method === method)
  }

  /*
  | Contract
  */

  async validate(doc: TaxDocument, _issuer: IssuerContext): Promise<ValidationIssue[]> {
    this.#record('validate', doc.authorityKey)
    const issues: ValidationIssue[] = []
    const error = (field: string, code: string, es: string, en: string) =>
      issues.push({ field, code: `tax.fake.${code}`, message: { es, en }, severity: 'error' })

    if (!this.capabilities.documentTypes.includes(doc.type)) {
      error('type', 'document_type', 'Tipo de documento no admitido.', 'Unsupported document type.')
    }
    issues.push(
      ...this.validateIdentification(doc.buyer.identificationType, doc.buyer.identification)
    )
    if (!doc.buyer.name?.trim()) {
      error(
        'buyer.name',
        'buyer_name',
        'Falta el nombre del comprador.',
        'The buyer name is missing.'
      )
    }
    if (doc.lines.length === 0) {
      error('lines', 'no_lines', 'El documento no tiene líneas.', 'The document has no lines.')
    }
    doc.lines.forEach((line, index) => {
      if (!isDecimal(line.quantity, 6) || new Decimal(line.quantity).lte(0)) {
        error(`lines.${index}.quantity`, 'quantity', 'Cantidad no válida.', 'Invalid quantity.')
      }
      if (!isDecimal(line.unitPrice, 6) || new Decimal(line.unitPrice).lt(0)) {
        error(`lines.${index}.unitPrice`, 'unit_price', 'Precio no válido.', 'Invalid unit price.')
      }
      if (!TAX_CATEGORIES.some((category) => category.code === line.taxCategory)) {
        error(`lines.${index}.taxCategory`, 'tax_category', 'Impuesto desconocido.', 'Unknown tax.')
      }
    })
    if (doc.type === 'credit_note' && !doc.reference) {
      error(
        'reference',
        'reference',
        'Falta el documento modificado.',
        'The modified document is missing.'
      )
    }
    return issues
  }

  async buildDocument(doc: TaxDocument, issuer: IssuerContext): Promise<BuiltDocument> {
    this.#record('buildDocument', doc.authorityKey)
    if (!this.capabilities.documentTypes.includes(doc.type)) {
      throw new TaxUnsupportedError(`Fake authority does not issue ${doc.type}`)
    }
    const number = `${doc.issuer.establishmentCode}-${doc.issuer.emissionPointCode}-${String(doc.sequential).padStart(9, '0')}`
    const authorityKey =
      doc.authorityKey ??
      createHash('sha256')
        .update(`${issuer.identity.taxId}|${doc.type}|${number}|${issuer.environment}`)
        .digest('hex')
        .slice(0, 40)
    const totals = computeTotals(doc)
    const body = stableStringify({
      authorityKey,
      type: doc.type,
      number,
      issueDate: doc.issueDate,
      issuer: issuer.identity.taxId,
      buyer: doc.buyer,
      lines: doc.lines,
      totals,
      reference: doc.reference ?? null,
    })
    return {
      country: this.country,
      documentType: doc.type,
      authorityKey,
      number,
      issueDate: doc.issueDate,
      body,
      contentType: 'application/json',
      format: 'fake 1.0',
      totals,
    }
  }

  async sign(built: BuiltDocument, issuer: IssuerContext): Promise<SignedDocument> {
    this.#record('sign', built.authorityKey)
    const signature = createHmac('sha256', this.#secret(issuer)).update(built.body).digest('hex')
    return {
      country: built.country,
      documentType: built.documentType,
      authorityKey: built.authorityKey,
      number: built.number,
      body: `{"document":${built.body},"signature":"${signature}"}`,
      contentType: built.contentType,
      signedAt: new Date().toISOString(),
    }
  }

  async submit(signed: SignedDocument, issuer: IssuerContext): Promise<SubmitResult> {
    this.#record('submit', signed.authorityKey)
    this.#maybeFailTransport()

    const existing = this.documents.get(signed.authorityKey)
    if (existing) {
      // Like real authorities: a second submission of the same key is not a new document.
      return this.#reply('received', [
        { code: 'FAKE-43', text: 'Clave de acceso registrada (fake)', severity: 'warning' },
      ])
    }
    if (!this.#signatureValid(signed, issuer)) {
      return this.#reply('rejected', [
        { code: 'FAKE-39', text: 'Firma inválida (fake)', severity: 'error' },
      ])
    }
    const outcome = this.outcome
    if (outcome.type === 'reject' && outcome.at === 'submit') {
      return this.#reply('rejected', outcome.messages)
    }
    this.documents.set(signed.authorityKey, {
      signed,
      outcome,
      pendingLeft: outcome.type === 'pending' ? outcome.times : 0,
      status: 'received',
      messages: [],
    })
    return this.#reply('received', [])
  }

  async checkStatus(ref: DocumentRef, _issuer: IssuerContext): Promise<StatusResult> {
    this.#record('checkStatus', ref.authorityKey)
    this.#maybeFailTransport()

    const stored = this.documents.get(ref.authorityKey)
    if (!stored) return { status: 'unknown', messages: [], raw: '{"status":"unknown"}' }

    if (stored.status === 'received') {
      if (stored.pendingLeft > 0) {
        stored.pendingLeft--
        return { status: 'pending', messages: [], raw: '{"status":"pending"}' }
      }
      const final = stored.outcome.type === 'pending' ? stored.outcome.then : stored.outcome.type
      if (final === 'authorize') {
        stored.status = 'authorized'
        stored.authorizedAt = new Date()
      } else {
        stored.status = 'rejected'
        stored.messages =
          stored.outcome.type === 'reject'
            ? stored.outcome.messages
            : (stored.outcome.type === 'pending' && stored.outcome.messages) || DEFAULT_REJECTION
      }
    }
    const raw = JSON.stringify({ status: stored.status, key: ref.authorityKey })
    if (stored.status === 'authorized' || stored.status === 'voided') {
      return {
        status: 'authorized',
        authorizationNumber: ref.authorityKey,
        authorizedAt: stored.authorizedAt,
        authorizedDocument: stored.signed.body,
        messages: [],
        raw,
      }
    }
    return { status: 'rejected', messages: stored.messages, raw }
  }

  async void(ref: DocumentRef, reason: string, _issuer: IssuerContext): Promise<VoidResult> {
    this.#record('void', ref.authorityKey)
    if (!this.capabilities.voiding) return super.void(ref, reason, _issuer)
    this.#maybeFailTransport()
    const stored = this.documents.get(ref.authorityKey)
    if (!stored || stored.status !== 'authorized') {
      return {
        status: 'rejected',
        messages: [{ code: 'FAKE-404', text: 'Documento no autorizado (fake)', severity: 'error' }],
        raw: '{"status":"rejected"}',
      }
    }
    stored.status = 'voided'
    return { status: 'voided', messages: [], raw: JSON.stringify({ status: 'voided', reason }) }
  }

  identificationTypes(): IdentificationType[] {
    return IDENTIFICATION_TYPES
  }

  validateIdentification(type: string, number: string): ValidationIssue[] {
    const issue = (code: string, es: string, en: string): ValidationIssue[] => [
      {
        field: 'buyer.identification',
        code: `tax.fake.${code}`,
        message: { es, en },
        severity: 'error',
      },
    ]
    const known = IDENTIFICATION_TYPES.find((entry) => entry.code === type)
    if (!known)
      return issue(
        'identification_type',
        'Tipo de identificación desconocido.',
        'Unknown identification type.'
      )
    if (known.fixedNumber && number !== known.fixedNumber) {
      return issue('final_consumer', `Use ${known.fixedNumber}.`, `Use ${known.fixedNumber}.`)
    }
    if (type === 'TAXID' && !/^\d{8,12}$/.test(number ?? '')) {
      return issue(
        'tax_id',
        'El número fiscal tiene de 8 a 12 dígitos.',
        'A tax id has 8 to 12 digits.'
      )
    }
    if (!number?.trim())
      return issue('identification', 'Falta la identificación.', 'The identification is missing.')
    return []
  }

  taxCategories(): TaxCategory[] {
    return TAX_CATEGORIES
  }

  paymentMethods(): CodeOption[] {
    return [
      { code: 'cash', key: 'cash', label: { es: 'Efectivo', en: 'Cash' } },
      { code: 'card', key: 'card', label: { es: 'Tarjeta', en: 'Card' } },
    ]
  }

  async close(): Promise<void> {
    this.#record('close')
    this.closeCount++
  }

  /*
  | Internals
  */

  #record(method: FakeCall['method'], authorityKey?: string) {
    this.calls.push({ method, authorityKey, at: new Date() })
  }

  #maybeFailTransport() {
    if (this.transportFailures > 0) {
      this.transportFailures--
      throw new TaxTransportError('Fake authority unreachable', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
          code: 'ECONNREFUSED',
        }),
        messages: {
          es: 'La autoridad tributaria no responde (simulado).',
          en: 'The tax authority does not answer (simulated).',
        },
      })
    }
  }

  #reply(status: SubmitResult['status'], messages: AuthorityMessage[]): SubmitResult {
    return { status, messages, raw: JSON.stringify({ status, messages }) }
  }

  #secret(issuer: IssuerContext) {
    return issuer.credentials.tokens?.fakeSecret ?? 'facturo-fake-secret'
  }

  #signatureValid(signed: SignedDocument, issuer: IssuerContext): boolean {
    const match = /^\{"document":(.*),"signature":"([0-9a-f]{64})"\}$/s.exec(signed.body)
    if (!match) return false
    const expected = createHmac('sha256', this.#secret(issuer)).update(match[1]).digest('hex')
    return expected === match[2]
  }
}

function isDecimal(value: string, places: number): boolean {
  return typeof value === 'string' && new RegExp(`^-?\\d+(\\.\\d{1,${places}})?$`).test(value)
}

function computeTotals(doc: TaxDocument): BuiltDocument['totals'] {
  let subtotal = new Decimal(0)
  let discount = new Decimal(0)
  const bases = new Map<string, Decimal>()
  for (const line of doc.lines) {
    const lineDiscount = new Decimal(line.discount ?? 0)
    const net = new Decimal(safe(line.quantity))
      .mul(safe(line.unitPrice))
      .minus(lineDiscount)
      .toDecimalPlaces(2)
    subtotal = subtotal.plus(net)
    discount = discount.plus(lineDiscount)
    bases.set(line.taxCategory, (bases.get(line.taxCategory) ?? new Decimal(0)).plus(net))
  }
  const taxes = [...bases.entries()].map(([category, base]) => {
    const rate = TAX_CATEGORIES.find((entry) => entry.code === category)?.rate ?? '0'
    return {
      category,
      authorityCode: 'VAT',
      authorityRateCode: rate,
      rate,
      base: base.toFixed(2),
      amount: base.mul(rate).div(100).toDecimalPlaces(2).toFixed(2),
    }
  })
  const tip = new Decimal(doc.tip ?? 0)
  const total = taxes.reduce((sum, tax) => sum.plus(tax.amount), subtotal).plus(tip)
  return {
    subtotal: subtotal.toFixed(2),
    discount: discount.toFixed(2),
    taxes,
    tip: tip.toFixed(2),
    total: total.toFixed(2),
  }
}

function safe(value: string): string {
  return isDecimal(value, 6) ? value : '0'
}

/** JSON with sorted keys, so equal documents give equal bytes. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${stableStringify(entry)}`).join(',')}}`
  }
  return JSON.stringify(value)
}
