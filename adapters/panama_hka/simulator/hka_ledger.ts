/*
|--------------------------------------------------------------------------
| HKA simulator: accounts, documents and folios
|--------------------------------------------------------------------------
|
| What The Factory HKA keeps for each company (one account per pair of
| tokens): its RUC, its folio licence, and the documents it authorized,
| keyed by datosDocumento (tipoDocumento, sucursal, punto, número,
| tipoEmision). Enviar authorizes at once, as HKA does (authorization is
| synchronous): a CUFE with its Luhn check digit (cufe.ts), the DGI's QR
| URL, a 20-digit protocol number, a folio spent.
|
| Codes the simulator answers with besides 200 are its own (HKA's catalogue
| of return codes is not public, panama-hka.md §1.5) and Facturo treats
| them as opaque; only the DGI codes inside `mensaje` (1513, 2007) follow
| public sources:
|
|   100  the document was refused (DGI reasons in mensaje)
|   101  tokenEmpresa/tokenPassword not valid
|   109  no folios left in the licence
|   201  "Error al procesar solicitud" (a foreign customer sent with RUC fields)
|   300  the voiding was refused (reason, deadline, state)
|   400  a request without the data the operation needs
|   404  the document does not exist
|
*/
import { createHash, createHmac, randomInt } from 'node:crypto'
import type { TaxEnvironment } from '#adapters/core/types'
import { composeCufe } from '#adapters/panama_hka/cufe'
import { RUC_PERSON_TYPE_CODES, parseRuc, rucCheckDigits } from '#adapters/panama_hka/ruc'
import type { DocumentData } from '#adapters/panama_hka/document_key'
import {
  checkDocumento,
  type DocumentoFacts,
} from '#adapters/panama_hka/simulator/documento_checks'

/** HKA's own demo company: every CUFE of HKA's wiki carries its RUC. */
export const DEMO_COMPANY = {
  ruc: '155596713-2-2015',
  dv: '59',
  taxpayerType: '2' as const,
  legalName: 'THE FACTORY HKA CORP',
}

export interface AccountInput {
  tokenEmpresa: string
  tokenPassword: string
  ruc?: string
  dv?: string
  taxpayerType?: '1' | '2'
  legalName?: string
  /** iAmb of its CUFEs: the demo service says pruebas (2). */
  environment?: TaxEnvironment
  /** Folios of the current cycle, and how many are used. */
  cycleTotal?: number
  cycleUsed?: number
  licenceTotal?: number
}

export interface SimulatorAccount extends Required<Omit<AccountInput, 'cycleUsed'>> {
  cycleUsed: number
  licence: string
  licencePeriod: { from: string; to: string }
  cycle: number
  cyclePeriod: { from: string; to: string }
}

export interface EmailRecord {
  correo: string
  creado_en: string
  estado: string
  messageId: string
}

export interface SimulatedDocument extends DocumentoFacts {
  /** The account (tokenEmpresa) that sent it; never its password. */
  account: string
  cufe: string
  qr: string
  protocol: string
  receivedAt: Date
  status: 'Autorizada' | 'Anulada'
  voidReason?: string
  voidedAt?: Date
  /** The documento element as received. */
  documento: string
  emails: EmailRecord[]
}

export interface LedgerOptions {
  /** Unknown tokens open an account (with HKA's demo RUC) instead of being refused. */
  autoRegister: boolean
  /** Folios of a new account's cycle. */
  cycleFolios: number
  /** Days after authorization a document may be voided (HKA's FAQ: 7). */
  voidWindowDays: number
}

export const DEFAULT_LEDGER_OPTIONS: LedgerOptions = {
  autoRegister: true,
  cycleFolios: 5000,
  voidWindowDays: 7,
}

export type Refusal = { ok: false; codigo: string; mensaje: string }

const REFUSED_TOKENS: Refusal = {
  ok: false,
  codigo: '101',
  mensaje: 'tokenEmpresa o tokenPassword no válidos para este ambiente.',
}

/** The secret the simulator signs its QR tokens with (the DGI's per-emitter "QR" code is not public). */
const QR_SECRET = 'facturo-hka-simulator'

/** The key of a document within its account. */
export function documentKey(data: DocumentData): string {
  return [
    data.documentType,
    data.establishmentCode,
    data.emissionPointCode,
    data.number.padStart(10, '0'),
    data.emissionType,
  ].join('|')
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url')

/** Panama wall-clock time at an instant, "YYYY-MM-DD hh:mm:ss" (EstadoDocumento's form). */
export function panamaTime(at: Date): string {
  return new Date(at.getTime() - 5 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}

function isoPanama(at: Date): string {
  return `${panamaTime(at).replace(' ', 'T')}-05:00`
}

function addDays(date: string, days: number) {
  const value = new Date(`${date}T00:00:00Z`)
  value.setUTCDate(value.getUTCDate() + days)
  return value.toISOString().slice(0, 10)
}

/** An account as the simulator shows it: everything but the password. */
export function publicAccount(account: SimulatorAccount): Omit<SimulatorAccount, 'tokenPassword'> {
  const copy: Partial<SimulatorAccount> = { ...account }
  delete copy.tokenPassword
  return copy as Omit<SimulatorAccount, 'tokenPassword'>
}

export class HkaLedger {
  readonly options: LedgerOptions
  #accounts = new Map<string, SimulatorAccount>()
  #documents = new Map<string, Map<string, SimulatedDocument>>()
  #protocol = 0

  constructor(options: Partial<LedgerOptions> = {}) {
    this.options = { ...DEFAULT_LEDGER_OPTIONS, ...options }
  }

  /** Opens or updates an account. */
  register(input: AccountInput, now = new Date()): SimulatorAccount {
    const today = panamaTime(now).slice(0, 10)
    const existing = this.#accounts.get(input.tokenEmpresa)
    const account: SimulatorAccount = {
      tokenEmpresa: input.tokenEmpresa,
      tokenPassword: input.tokenPassword,
      ruc: input.ruc ?? existing?.ruc ?? DEMO_COMPANY.ruc,
      dv: input.dv ?? existing?.dv ?? DEMO_COMPANY.dv,
      taxpayerType: input.taxpayerType ?? existing?.taxpayerType ?? DEMO_COMPANY.taxpayerType,
      legalName: input.legalName ?? existing?.legalName ?? DEMO_COMPANY.legalName,
      environment: input.environment ?? existing?.environment ?? 'test',
      cycleTotal: input.cycleTotal ?? existing?.cycleTotal ?? this.options.cycleFolios,
      cycleUsed: input.cycleUsed ?? existing?.cycleUsed ?? 0,
      licenceTotal:
        input.licenceTotal ??
        existing?.licenceTotal ??
        12 * (input.cycleTotal ?? this.options.cycleFolios),
      licence:
        existing?.licence ??
        createHash('sha256')
          .update(input.tokenEmpresa)
          .digest('hex')
          .slice(0, 12)
          .toUpperCase()
          .replace(/(.{4})(?=.)/g, '$1-'),
      licencePeriod: existing?.licencePeriod ?? { from: today, to: addDays(today, 365) },
      cycle: existing?.cycle ?? 1,
      cyclePeriod: existing?.cyclePeriod ?? { from: today, to: addDays(today, 30) },
    }
    this.#accounts.set(account.tokenEmpresa, account)
    return account
  }

  /** The account of a token pair, or the refusal HKA gives. */
  authenticate(tokenEmpresa?: string, tokenPassword?: string): SimulatorAccount | Refusal {
    if (!tokenEmpresa || !tokenPassword) return REFUSED_TOKENS
    const account = this.#accounts.get(tokenEmpresa)
    if (!account) {
      if (!this.options.autoRegister) return REFUSED_TOKENS
      return this.register({ tokenEmpresa, tokenPassword })
    }
    return account.tokenPassword === tokenPassword ? account : REFUSED_TOKENS
  }

  accounts(): Array<Omit<SimulatorAccount, 'tokenPassword'>> {
    return [...this.#accounts.values()].map(publicAccount)
  }

  #book(account: SimulatorAccount) {
    let book = this.#documents.get(account.tokenEmpresa)
    if (!book) {
      book = new Map()
      this.#documents.set(account.tokenEmpresa, book)
    }
    return book
  }

  find(account: SimulatorAccount, data: DocumentData): SimulatedDocument | undefined {
    return this.#book(account).get(documentKey(data))
  }

  findByCufe(account: SimulatorAccount, cufe: string): SimulatedDocument | undefined {
    return [...this.#book(account).values()].find((document) => document.cufe === cufe.trim())
  }

  /** Every document of every account, newest first. */
  list(): SimulatedDocument[] {
    return [...this.#documents.values()]
      .flatMap((book) => [...book.values()])
      .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime())
  }

  /**
   * Enviar: checks the documento and authorizes it, or refuses it. With
   * `duplicate`, a valid document is stored and then answered as a
   * duplicate (an earlier attempt "had gone through").
   */
  send(
    account: SimulatorAccount,
    documento: Element | undefined,
    documentoXml: string,
    now: Date,
    options: { duplicate?: boolean; noFolios?: boolean; dataError?: string } = {}
  ): { ok: true; document: SimulatedDocument } | Refusal {
    const checked = checkDocumento(documento, now)
    if (!checked.ok) {
      if (checked.foreignWithRuc) {
        return { ok: false, codigo: '201', mensaje: 'Error al procesar solicitud' }
      }
      const mensaje = checked.problems
        .map((problem) => (problem.code ? `${problem.code}-${problem.text}` : problem.text))
        .join(' | ')
      return { ok: false, codigo: '100', mensaje }
    }
    const facts = checked.facts
    const book = this.#book(account)
    const key = documentKey(facts)
    if (book.has(key) && !options.duplicate) {
      return { ok: false, codigo: '100', mensaje: '1513-Número del documento fiscal duplicado' }
    }
    if (options.dataError !== undefined) {
      return { ok: false, codigo: '100', mensaje: options.dataError }
    }
    if (options.noFolios || account.cycleUsed >= account.cycleTotal) {
      return {
        ok: false,
        codigo: '109',
        mensaje: 'No hay folios disponibles en la licencia para emitir documentos.',
      }
    }
    const document = this.#authorize(account, facts, documentoXml, now)
    book.set(key, document)
    if (options.duplicate) {
      return { ok: false, codigo: '100', mensaje: '1513-Número del documento fiscal duplicado' }
    }
    return { ok: true, document }
  }

  #authorize(
    account: SimulatorAccount,
    facts: DocumentoFacts,
    documentoXml: string,
    now: Date
  ): SimulatedDocument {
    account.cycleUsed += 1
    const cufe = composeCufe({
      documentType: facts.documentType,
      issuerTaxpayerType: account.taxpayerType,
      issuerRuc: account.ruc,
      issuerCheckDigits: account.dv,
      establishmentCode: facts.establishmentCode,
      issueDate: facts.issuedAt.slice(0, 10),
      number: facts.number,
      emissionPointCode: facts.emissionPointCode,
      emissionType: facts.emissionType,
      environment: account.environment,
      securityCode: String(randomInt(0, 1_000_000_000)).padStart(9, '0'),
    })
    this.#protocol += 1
    return {
      ...facts,
      account: account.tokenEmpresa,
      cufe,
      qr: qrUrl(cufe, account.environment, documentoXml),
      protocol: `${now.getUTCFullYear()}${String(this.#protocol).padStart(16, '0')}`,
      receivedAt: now,
      status: 'Autorizada',
      documento: documentoXml,
      emails: [],
    }
  }

  /** AnulacionDocumento: a reason of 15 to 250 characters, within the window, once. */
  void(
    account: SimulatorAccount,
    data: DocumentData,
    reason: string | undefined,
    now: Date
  ): { ok: true; document: SimulatedDocument } | Refusal {
    const document = this.find(account, data)
    if (!document) return { ok: false, codigo: '404', mensaje: 'El documento no existe.' }
    const text = (reason ?? '').trim()
    if (text.length < 15 || text.length > 250) {
      return {
        ok: false,
        codigo: '300',
        mensaje: 'El motivo de la anulación debe tener entre 15 y 250 caracteres.',
      }
    }
    if (document.status === 'Anulada') {
      return { ok: false, codigo: '300', mensaje: 'El documento ya fue anulado.' }
    }
    const age = now.getTime() - document.receivedAt.getTime()
    if (age > this.options.voidWindowDays * 86_400_000) {
      return {
        ok: false,
        codigo: '300',
        mensaje: `El plazo de ${this.options.voidWindowDays} días para anular venció; emita una nota de crédito.`,
      }
    }
    document.status = 'Anulada'
    document.voidReason = text
    document.voidedAt = now
    return { ok: true, document }
  }

  /** EnvioCorreo: recorded as delivered. */
  email(document: SimulatedDocument, address: string, now: Date): EmailRecord {
    const record = {
      correo: address,
      creado_en: panamaTime(now),
      estado: 'delivered',
      messageId: `<${createHash('sha1').update(`${document.cufe}|${address}|${document.emails.length}`).digest('hex').slice(0, 16)}@hka-simulator>`,
    }
    document.emails.push(record)
    return record
  }

  /** ConsultarRucDV: the DV by the DGI algorithm, and whether the RUC has an account here. */
  lookupRuc(taxpayerType: string | undefined, ruc: string | undefined) {
    const personType =
      taxpayerType === '1' ? 'natural' : taxpayerType === '2' ? 'juridical' : undefined
    const parsed = parseRuc(ruc)
    if (!personType || !parsed.ok) return undefined
    const dv = rucCheckDigits(parsed.ruc, personType)
    if (dv.status !== 'ok') return undefined
    const affiliated = [...this.#accounts.values()].find(
      (account) => account.ruc === parsed.ruc.normalized
    )
    const known =
      affiliated ?? (parsed.ruc.normalized === DEMO_COMPANY.ruc ? DEMO_COMPANY : undefined)
    return {
      tipoRuc: RUC_PERSON_TYPE_CODES[personType],
      ruc: parsed.ruc.normalized,
      dv: dv.dv,
      razonSocial: known?.legalName ?? `CONTRIBUYENTE ${parsed.ruc.normalized}`,
      afiliadoFE: known ? 'SI' : 'NO',
    }
  }

  reset() {
    this.#accounts.clear()
    this.#documents.clear()
    this.#protocol = 0
  }
}

/**
 * The DGI verification URL (panama-hka.md §3): chFE, iAmb, the SHA-256
 * digest of what was signed and an HS256 JWT of the three. The real
 * digest is the signature's DigestValue and the JWT secret is the
 * emitter's "QR" code, neither of which a simulator has.
 */
export function qrUrl(cufe: string, environment: TaxEnvironment, signed: string): string {
  const iAmb = environment === 'production' ? '1' : '2'
  const digestValue = createHash('sha256').update(signed).digest('base64')
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const payload = base64url(JSON.stringify({ chFE: cufe, iAmb, digestValue }))
  const signature = createHmac('sha256', QR_SECRET)
    .update(`${header}.${payload}`)
    .digest('base64url')
  const host =
    environment === 'production'
      ? 'https://dgi-fep.mef.gob.pa'
      : 'https://dgi-fep-test.mef.gob.pa:40001'
  const query = new URLSearchParams({
    chFE: cufe,
    iAmb,
    digestValue,
    jwt: `${header}.${payload}.${signature}`,
  })
  return `${host}/Consultas/FacturasPorQR?${query.toString()}`
}

export { isoPanama }
