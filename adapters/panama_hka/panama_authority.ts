/*
|--------------------------------------------------------------------------
| Panama: the country as Facturo registers it
|--------------------------------------------------------------------------
|
| Panama's catalog rules (customer types and RUC/DV checks, ITBMS
| categories, sucursal and punto de facturación formats) and its profile,
| and the document pipeline through The Factory HKA, a PAC that builds,
| signs and submits for the company:
|
| validate → validation.ts (what Enviar needs, before a number is spent)
| buildDocument → HKA's `documento` (documento/mapper.ts), pure
| sign → no signature of Facturo's (the PAC signs); stamps the issue time
| submit → Enviar: authorized at once (CUFE, QR URL, protocol) or refused
| checkStatus → EstadoDocumento with the same datosDocumento
| void → AnulacionDocumento, with a reason of 15 to 250 characters
| quota, lookupTaxpayer, downloadDocument, sendDocumentEmail,
| emailDeliveries → FoliosRestantes, ConsultarRucDV, DescargaPDF/XML,
| EnvioCorreo, RastreoCorreo
|
| The resend policy (panama-hka.md §1.5) is the pipeline's, for every
| adapter: a document already handed to the transport is looked up with
| checkStatus before anything is sent again, and this adapter's checkStatus
| asks EstadoDocumento with exactly the datosDocumento Enviar carried (they
| are in the document's key). A 1513 (number already there) is answered
| with a lookup, never a resend; data errors are final.
|
*/
import { TaxConfigError, TaxUnsupportedError, TaxValidationError } from '#adapters/core/errors'
import { TaxAuthority } from '#adapters/core/tax_authority'
import { renderCafePdf } from '#adapters/panama_hka/cafe/cafe_pdf'
import type {
  AuthorityFileResult,
  AuthorityMessage,
  BuiltDocument,
  Capabilities,
  CountryProfile,
  DocumentRef,
  EmailDeliveriesResult,
  EmailSendResult,
  IssuerContext,
  MessageAdvice,
  MessageExplanation,
  PrintableDocument,
  ProductionFacts,
  QuotaResult,
  ReadinessCheck,
  SignedDocument,
  StatusResult,
  SubmitResult,
  TaxCategory,
  TaxDocument,
  TaxEnvironment,
  TaxpayerLookupResult,
  TaxpayerQuery,
  ValidationIssue,
  VoidResult,
} from '#adapters/core/types'
import { assertXmlBody } from '#adapters/core/xml_text'
import { panamaCountryData } from '#adapters/panama_hka/country_data'
import { validateCufe } from '#adapters/panama_hka/cufe'
import {
  buildDocumentKey,
  parseDocumentKey,
  type DocumentData,
} from '#adapters/panama_hka/document_key'
import { computeDocumento, money } from '#adapters/panama_hka/documento/amounts'
import {
  EMISSION_TYPE_NORMAL,
  documentSettingsFrom,
  fiscalNumber,
  hkaDocumentType,
  mapDocumento,
  stampEmissionTime,
} from '#adapters/panama_hka/documento/mapper'
import { writeDocumento } from '#adapters/panama_hka/documento/xml'
import type { PanamaCustomerType } from '#adapters/panama_hka/identification'
import { panamaIssue, panamaMessage } from '#adapters/panama_hka/messages'
import { personTypeFromCode, validateRuc } from '#adapters/panama_hka/ruc'
import { decide, ruleFor } from '#adapters/panama_hka/transport/error_policy'
import { HkaTransport } from '#adapters/panama_hka/transport/hka_transport'
import type { EnviarReply } from '#adapters/panama_hka/transport/replies'
import { DocumentoBodyError, type HkaTokens } from '#adapters/panama_hka/transport/requests'
import { validatePanamaDocument } from '#adapters/panama_hka/validation'

/** What BuiltDocument.format says of the body. */
export const DOCUMENTO_FORMAT = 'documento HKA v1.0'

/** The adapter's settings, from its environment variables (adapters/panama_hka/config.ts). */
export interface HkaSettings {
  /** Service URL for companies in the test ("demo") environment; HKA's demo service when absent. */
  demoUrl?: string
  /** Service URL for companies in production; HKA's production service when absent. */
  productionUrl?: string
  /** Per SOAP request. */
  timeoutMs?: number
  /** Where the local simulator listens (development). */
  simulatorUrl?: string
  /**
   * The platform's own HKA tokens for RUC lookups made on nobody's behalf
   * (sign-up, before the company has tokens), and the environment they
   * belong to. Absent: such lookups are refused with E_TAX_CONFIG.
   */
  platformLookup?: { tokens: HkaTokens; environment: TaxEnvironment }
}

/** What PanamaAuthority needs from a transport (HkaTransport, or a stand-in in unit tests). */
export type HkaTransportPort = Pick<
  HkaTransport,
  | 'enviar'
  | 'estadoDocumento'
  | 'anulacionDocumento'
  | 'descargaXml'
  | 'descargaPdf'
  | 'foliosRestantes'
  | 'envioCorreo'
  | 'rastreoCorreo'
  | 'consultarRucDv'
  | 'close'
>

export interface PanamaAuthorityOptions extends HkaSettings {
  /** Builds the transport for an environment; defaults to HkaTransport. */
  transportFactory?: (environment: TaxEnvironment, settings: HkaSettings) => HkaTransportPort
}

/** motivoAnulacion: 15 to 250 characters (the DGI's event field dMotivoAn). */
export const VOID_REASON_LENGTH = { min: 15, max: 250 } as const

/** HKA's FAQ: an authorized document can be voided for 7 calendar days, then only credited. */
export const VOID_WINDOW_DAYS = 7

/** estatusDocumento values (EstadoDocumento) and what they mean for the pipeline. */
function statusOf(text: string | undefined): StatusResult['status'] | 'voided' {
  const value = (text ?? '').trim().toLowerCase()
  if (value.startsWith('autoriz')) return 'authorized'
  if (value.startsWith('anulad')) return 'voided'
  if (value.startsWith('rechaz')) return 'rejected'
  return 'pending'
}

export class PanamaAuthority extends TaxAuthority {
  readonly #options: PanamaAuthorityOptions
  readonly #transports = new Map<TaxEnvironment, HkaTransportPort>()

  constructor(options: PanamaAuthorityOptions = {}) {
    super()
    this.#options = options
  }

  /** The settings the adapter was created with. */
  get settings(): Readonly<HkaSettings> {
    return this.#options
  }

  readonly country = 'PA'
  readonly capabilities: Capabilities = {
    issuing: true,
    // The PAC (The Factory HKA) signs and answers synchronously.
    signing: 'remote',
    authorization: 'sync',
    voiding: true,
    documentTypes: ['invoice', 'credit_note'],
    services: ['quota', 'taxpayer_lookup', 'document_files', 'document_email'],
  }
  readonly profile: CountryProfile = {
    name: { es: 'Panamá', en: 'Panama' },
    authorityName: 'DGI',
    // The balboa is at par with the US dollar, which circulates as legal tender; documents are in USD.
    // Amounts are written in balboas (B/., ISO PAB), which is how Panama prints them.
    currency: { code: 'USD', locale: 'es-PA', display: 'PAB' },
    terms: {
      tax: 'ITBMS',
      authorityFullName: {
        es: 'Dirección General de Ingresos',
        en: 'Dirección General de Ingresos (DGI)',
      },
      authorityGender: 'feminine',
      // The PAC builds, signs and sends the document to the DGI for the company.
      intermediary: 'The Factory HKA',
      documentKey: { es: 'CUFE', en: 'CUFE' },
      // Comprobante Auxiliar de Factura Electrónica.
      printedDocument: 'CAFE',
      // The RUC with its check digits (DV), which Panama writes apart.
      taxId: 'RUC + DV',
    },
    // UTC−5 all year, no daylight saving.
    timeZone: 'America/Panama',
    credential: 'pac_tokens',
    environments: [
      { code: 'test', label: { es: 'Demo (pruebas)', en: 'Demo (testing)' } },
      { code: 'production', label: { es: 'Producción', en: 'Production' } },
    ],
    voiding: {
      by: 'authority',
      explanation: {
        es: 'Un documento autorizado se puede anular durante 7 días si la operación no se realizó; después, emita una nota de crédito.',
        en: 'An authorized document can be voided for 7 days if the operation did not take place; after that, issue a credit note.',
      },
      reason: { ...VOID_REASON_LENGTH },
      withinDays: VOID_WINDOW_DAYS,
    },
    fileNames: { invoice: 'factura', credit_note: 'nota-credito' },
    draftFileName: 'borrador',
    // formaPagoFact 02 efectivo first; an added payment starts as 08, transfer.
    defaults: { taxCategory: 'itbms_7', paymentMethod: '02', addedPaymentMethod: '08' },
    companyFields: [
      {
        key: 'taxpayerType',
        kind: 'select',
        label: { es: 'Tipo de contribuyente', en: 'Taxpayer type' },
        hint: {
          es: 'Como consta en tu aviso de operación; se imprime en el CAFE.',
          en: 'As stated in your operating notice; printed on the CAFE.',
        },
        required: true,
        options: panamaCountryData.taxpayerTypes(),
      },
    ],
    taxId: {
      checkDigits: true,
      example: '155596713-2-2015',
      hint: {
        es: 'Como aparece en tu constancia, por ejemplo 155596713-2-2015; el DV va aparte.',
        en: 'As shown on your RUC certificate, e.g. 155596713-2-2015; the DV goes apart.',
      },
      numeric: false,
    },
  }

  readonly establishmentCode = panamaCountryData.establishmentCode
  readonly emissionPointCode = panamaCountryData.emissionPointCode

  identificationTypes(): PanamaCustomerType[] {
    return panamaCountryData.identificationTypes()
  }

  validateIdentification(type: string, number: string, dv?: string | null): ValidationIssue[] {
    return panamaCountryData.validateIdentification(type, number, dv)
  }

  taxCategories(): TaxCategory[] {
    return panamaCountryData.taxCategories()
  }

  paymentMethods() {
    return panamaCountryData.paymentMethods()
  }

  validateCustomer = panamaCountryData.validateCustomer
  validateTaxId = panamaCountryData.validateTaxId
  taxpayerTypes = panamaCountryData.taxpayerTypes
  foreignIdentificationTypes = panamaCountryData.foreignIdentificationTypes

  async validate(doc: TaxDocument, issuer: IssuerContext): Promise<ValidationIssue[]> {
    try {
      return validatePanamaDocument(doc, issuer)
    } catch (error) {
      // A shape the validator did not foresee (null where an object goes) is still an issue, not a 500.
      return [
        {
          ...panamaIssue('tax.pa.document.malformed', ''),
          params: { detail: error instanceof Error ? error.message : String(error) },
        },
      ]
    }
  }

  async buildDocument(doc: TaxDocument, issuer: IssuerContext): Promise<BuiltDocument> {
    if (!this.capabilities.documentTypes.includes(doc.type)) {
      throw new TaxUnsupportedError(`The HKA adapter does not issue "${doc.type}"`, {
        messages: {
          es: 'Este tipo de documento no se emite para Panamá.',
          en: 'This document type is not issued for Panama.',
        },
      })
    }
    try {
      const computed = computeDocumento(doc)
      const body = writeDocumento(
        mapDocumento(doc, computed, documentSettingsFrom(issuer.settings))
      )
      assertXmlBody(body, {
        code: 'tax.pa.xml_character',
        subject: { es: 'El documento', en: 'The document' },
        root: 'documento',
      })
      const data = {
        establishmentCode: doc.issuer.establishmentCode,
        number: fiscalNumber(doc.sequential),
        emissionPointCode: doc.issuer.emissionPointCode,
        documentType: hkaDocumentType(doc),
        emissionType: EMISSION_TYPE_NORMAL,
      }
      const taxes = computed.groups.map((group) => ({
        category: group.category,
        authorityCode: 'ITBMS',
        authorityRateCode: group.rateCode,
        rate: group.rate.toFixed(),
        base: money(group.base),
        amount: money(group.amount),
      }))
      return {
        country: this.country,
        documentType: doc.type,
        authorityKey:
          doc.authorityKey ?? buildDocumentKey(data, issuer.environment, issuer.identity.taxId),
        number: `${data.establishmentCode}-${data.emissionPointCode}-${data.number}`,
        issueDate: doc.issueDate,
        body,
        contentType: 'application/xml',
        format: DOCUMENTO_FORMAT,
        totals: {
          subtotal: money(computed.net),
          discount: money(computed.lineDiscounts),
          taxes,
          tip: '0.00',
          total: money(computed.total),
        },
        technical: {
          format: DOCUMENTO_FORMAT,
          // Each item's ITBMS keeps 6 decimals and the total rounds their sum
          // once; these say how far that is from rounding each item on its own.
          taxRounding: computed.groups.map((group, index) => {
            const lineAmount = computed.items
              .filter((item) => item.rateCode === group.rateCode)
              .reduce((sum, item) => sum.plus(item.tax.toDecimalPlaces(2)), group.amount.mul(0))
            return {
              ...taxes[index],
              lineAmount: money(lineAmount),
              difference: money(lineAmount.minus(group.amount.toDecimalPlaces(2))),
            }
          }),
        },
      }
    } catch (error) {
      if (
        error instanceof TaxUnsupportedError ||
        error instanceof TaxConfigError ||
        error instanceof TaxValidationError
      ) {
        throw error
      }
      throw new TaxConfigError(`Cannot build the HKA documento: ${(error as Error).message}`, {
        cause: error,
        messages: {
          es: 'No se pudo generar el documento: revise los datos (valide el documento primero).',
          en: 'The document could not be built: check its data (validate it first).',
        },
        i18nKey: 'tax.pa.build_failed',
      })
    }
  }

  /**
   * The PAC signs (HKA builds and signs the DGI's rFE from these data), so
   * Facturo adds no signature. What it does add is the time of issuing in
   * fechaEmision (see stampEmissionTime): this is the last step before the
   * bytes are stored and sent.
   */
  async sign(built: BuiltDocument, _issuer: IssuerContext): Promise<SignedDocument> {
    const now = new Date()
    return {
      country: this.country,
      documentType: built.documentType,
      authorityKey: built.authorityKey,
      number: built.number,
      body: stampEmissionTime(built.body, now),
      contentType: built.contentType,
      signedAt: now.toISOString(),
    }
  }

  /**
   * Enviar. HKA authorizes in the reply: `accepted` with `authorized` (the
   * CUFE, checked locally, the QR URL and the protocol); a refusal is
   * `rejected` with HKA's and the DGI's messages. Transport failures throw
   * E_TAX_TRANSPORT; the pipeline then asks checkStatus before any resend.
   */
  async submit(signed: SignedDocument, issuer: IssuerContext): Promise<SubmitResult> {
    const tokens = this.#tokens(issuer)
    let reply: EnviarReply
    try {
      reply = await this.#transport(issuer.environment).enviar(tokens, signed.body)
    } catch (error) {
      if (error instanceof DocumentoBodyError) {
        throw new TaxConfigError('The stored body is not an HKA documento', {
          cause: error,
          messages: {
            es: 'El documento guardado no tiene el formato de HKA; vuelva a emitirlo.',
            en: 'The stored document is not in HKA’s format; issue it again.',
          },
        })
      }
      throw error
    }
    if (!reply.ok) return { status: 'rejected', messages: reply.messages, raw: reply.raw }
    if (!reply.cufe) {
      // Authorized without a CUFE in the reply: EstadoDocumento will say.
      return { status: 'received', messages: reply.messages, raw: reply.raw }
    }
    const messages = [...reply.messages, ...cufeWarnings(reply.cufe)]
    return {
      status: 'accepted',
      messages,
      raw: reply.raw,
      authorized: {
        status: 'authorized',
        authorizationNumber: reply.cufe,
        authorityKey: reply.cufe,
        authorizedAt: reply.receivedAt ?? new Date(),
        verificationUrl: reply.qr,
        protocolNumber: reply.protocol,
        messages,
        raw: reply.raw,
      },
    }
  }

  /**
   * EstadoDocumento with the datosDocumento in the key (the built key or
   * the CUFE). "Autorizada" → authorized with the CUFE; "Anulada" →
   * authorized, with `voidedAt`; a document HKA does not return (any codigo
   * other than 200, which HKA does not explain) → unknown, which lets the
   * pipeline send it: if it was there after all, Enviar answers 1513 and
   * the pipeline looks it up again instead of resending.
   */
  async checkStatus(ref: DocumentRef, issuer: IssuerContext): Promise<StatusResult> {
    const data = this.#documentData(ref)
    const reply = await this.#transport(issuer.environment).estadoDocumento(
      this.#tokens(issuer),
      data
    )
    if (!reply.ok) return { status: 'unknown', messages: reply.messages, raw: reply.raw }
    const messages: AuthorityMessage[] = [...reply.messages]
    if (reply.status || reply.statusMessage) {
      messages.push({
        code: 'HKA-ESTADO',
        text: [reply.status, reply.statusMessage].filter(Boolean).join(': '),
        severity: 'info',
      })
    }
    const status = statusOf(reply.status)
    if (status === 'authorized' || status === 'voided') {
      const cufe = reply.cufe ?? parseDocumentKey(ref.authorityKey)?.cufe
      const result: StatusResult = {
        status: 'authorized',
        authorizationNumber: cufe,
        authorityKey: cufe,
        authorizedAt: reply.receivedAt ?? reply.issuedAt,
        messages: cufe ? [...messages, ...cufeWarnings(cufe)] : messages,
        raw: reply.raw,
      }
      // HKA gives no date for the voiding; the reply says it is voided now.
      if (status === 'voided') result.voidedAt = new Date()
      return result
    }
    if (status === 'rejected') {
      messages[messages.length - 1] = { ...messages[messages.length - 1], severity: 'error' }
    }
    return { status, messages, raw: reply.raw }
  }

  /** AnulacionDocumento, with a reason of 15 to 250 characters (refused before any call otherwise). */
  async void(ref: DocumentRef, reason: string, issuer: IssuerContext): Promise<VoidResult> {
    const text = (reason ?? '').replace(/\s+/g, ' ').trim()
    if (text.length < VOID_REASON_LENGTH.min || text.length > VOID_REASON_LENGTH.max) {
      const issue = panamaIssue('tax.pa.void.reason', 'reason', {
        params: { ...VOID_REASON_LENGTH },
      })
      throw new TaxValidationError('The voiding reason must have 15 to 250 characters', [issue], {
        i18nKey: 'tax.pa.void.reason',
      })
    }
    const reply = await this.#transport(issuer.environment).anulacionDocumento(
      this.#tokens(issuer),
      text,
      this.#documentData(ref)
    )
    return { status: reply.ok ? 'voided' : 'rejected', messages: reply.messages, raw: reply.raw }
  }

  /**
   * Before production: the company's production tokens exist and HKA
   * accepts them, with folios left (FoliosRestantes in the production
   * service). HKA signs for the company, so there is no certificate to
   * check; a refusal or an unreachable PAC fails the rule with its words.
   */
  async productionChecks(facts: ProductionFacts): Promise<ReadinessCheck[]> {
    const label = {
      es: 'Tokens de producción del PAC aceptados, con folios disponibles',
      en: 'Production PAC tokens accepted, with folios left',
    }
    const failed = (es: string, en: string): ReadinessCheck[] => [
      { code: 'pac_production_tokens', ok: false, label, detail: { es, en }, fix: 'credentials' },
    ]
    if (!facts.production.credentials.tokens) {
      return failed('No hay tokens de producción guardados.', 'No production tokens are saved.')
    }
    let quota: QuotaResult
    try {
      quota = await this.quota(facts.production)
    } catch (error) {
      const message = (error as Error).message
      return failed(`El PAC no respondió: ${message}`, `The PAC did not answer: ${message}`)
    }
    if (quota.status !== 'ok') {
      const text = quota.messages.map((message) => message.text).join(' ')
      return failed(`El PAC rechazó los tokens. ${text}`, `The PAC refused the tokens. ${text}`)
    }
    if (quota.available !== undefined && quota.available <= 0) {
      return failed('No quedan folios en el ciclo actual.', 'No folios are left in this cycle.')
    }
    const left = quota.available ?? '—'
    return [
      {
        code: 'pac_production_tokens',
        ok: true,
        label,
        detail: { es: `Folios disponibles: ${left}.`, en: `Folios left: ${left}.` },
        fix: 'credentials',
      },
    ]
  }

  /** FoliosRestantes: the folios of the current cycle and the licence. */
  async quota(issuer: IssuerContext): Promise<QuotaResult> {
    const reply = await this.#transport(issuer.environment).foliosRestantes(this.#tokens(issuer))
    if (!reply.ok) return { status: 'rejected', messages: reply.messages, raw: reply.raw }
    return {
      status: 'ok',
      available: reply.cycleAvailable,
      used: reply.cycleUsed,
      total: reply.cycleTotal,
      period: reply.cyclePeriod,
      licence: {
        code: reply.licence,
        total: reply.licenceTotal,
        from: reply.licencePeriod?.from,
        to: reply.licencePeriod?.to,
      },
      messages: reply.messages,
      raw: reply.raw,
    }
  }

  /**
   * ConsultarRucDV. The RUC and the DV typed with it are checked locally
   * first (ruc.ts, the DGI's algorithm): a malformed RUC or a wrong DV is
   * answered `invalid` without a request. Then HKA is asked for the name
   * and whether the RUC is affiliated to e-invoicing, with the issuer's
   * tokens, or without an issuer with the platform's (`platformLookup`).
   * Without a taxpayer type, the one the DV matched (or the RUC's spelling
   * suggests) is used.
   */
  async lookupTaxpayer(
    query: TaxpayerQuery,
    issuer?: IssuerContext
  ): Promise<TaxpayerLookupResult> {
    const wanted = personTypeFromCode(query.taxpayerType)
    const local = validateRuc(query.taxId, {
      dv: query.checkDigits,
      personType: wanted,
      requireDv: false,
      field: 'taxId',
      dvField: 'checkDigits',
    })
    const errors = local.issues.filter((issue) => issue.severity === 'error')
    if (errors.length > 0 || !local.ruc) {
      return { status: 'invalid', issues: errors, messages: [], raw: '' }
    }
    const type = wanted ?? local.personType ?? local.ruc.personTypes[0] ?? 'natural'
    const ruc = local.ruc.normalized
    const { tokens, environment } = this.#lookupAccess(issuer)
    const reply = await this.#transport(environment).consultarRucDv(
      tokens,
      type === 'juridical' ? '2' : '1',
      ruc
    )
    if (!reply.ok || !reply.dv) {
      return { status: 'not_found', messages: reply.messages, raw: reply.raw }
    }
    const affiliation = reply.affiliation?.trim()
    return {
      status: 'found',
      taxId: reply.ruc ?? ruc,
      checkDigits: reply.dv,
      legalName: reply.legalName,
      taxpayerType: reply.taxpayerType,
      // afiliadoFE is free text ("SI", or a sentence); only a plain yes or no is read as one.
      electronicInvoicing: /^s[ií]$/i.test(affiliation ?? '')
        ? true
        : /^no$/i.test(affiliation ?? '')
          ? false
          : undefined,
      electronicInvoicingText: affiliation,
      messages: reply.messages,
      raw: reply.raw,
    }
  }

  /** DescargaPDF (the CAFE) or DescargaXML (the signed rFE). */
  /** Facturo's own CAFE (cafe/cafe_pdf.ts), for when HKA's cannot be fetched. */
  async renderDocumentPdf(input: PrintableDocument): Promise<Buffer> {
    return renderCafePdf(input)
  }

  async downloadDocument(
    ref: DocumentRef,
    format: 'pdf' | 'xml',
    issuer: IssuerContext
  ): Promise<AuthorityFileResult> {
    const transport = this.#transport(issuer.environment)
    const tokens = this.#tokens(issuer)
    const data = this.#documentData(ref)
    const reply =
      format === 'pdf'
        ? await transport.descargaPdf(tokens, data)
        : await transport.descargaXml(tokens, data)
    if (!reply.ok || !reply.file) {
      return { status: 'not_found', messages: reply.messages, raw: reply.raw }
    }
    return {
      status: 'found',
      content: reply.file,
      contentType: format === 'pdf' ? 'application/pdf' : 'application/xml',
      messages: reply.messages,
    }
  }

  /** EnvioCorreo: HKA e-mails the CAFE and the XML to one address. */
  async sendDocumentEmail(
    ref: DocumentRef,
    email: string,
    issuer: IssuerContext
  ): Promise<EmailSendResult> {
    const reply = await this.#transport(issuer.environment).envioCorreo(
      this.#tokens(issuer),
      this.#documentData(ref),
      email.trim()
    )
    return { status: reply.ok ? 'sent' : 'rejected', messages: reply.messages, raw: reply.raw }
  }

  /** RastreoCorreo, which names a document by its CUFE only. */
  async emailDeliveries(ref: DocumentRef, issuer: IssuerContext): Promise<EmailDeliveriesResult> {
    const cufe = parseDocumentKey(ref.authorityKey)?.cufe
    if (!cufe) {
      throw new TaxConfigError('RastreoCorreo needs the CUFE of an authorized document', {
        messages: {
          es: 'El documento aún no tiene CUFE: no hay correos que rastrear.',
          en: 'The document has no CUFE yet: there are no e-mails to track.',
        },
      })
    }
    const reply = await this.#transport(issuer.environment).rastreoCorreo(
      this.#tokens(issuer),
      cufe
    )
    return {
      status: reply.ok ? 'ok' : 'rejected',
      deliveries: reply.entries.map((entry) => ({
        email: entry.email,
        createdAt: entry.createdAt,
        status: entry.status,
        messageId: entry.messageId || undefined,
      })),
      messages: reply.messages,
      raw: reply.raw,
    }
  }

  /** The DGI's and HKA's codes explained (transport/error_policy.ts). */
  explain(code: string): MessageExplanation | undefined {
    const rule = ruleFor(code)
    return {
      code,
      action: rule.action,
      title: rule.title,
      meaning: rule.meaning,
      remedy: rule.remedy,
    }
  }

  /** 1513 looks the document up; other DGI and HKA refusals are final; success codes inform. */
  adviseOn(messages: readonly AuthorityMessage[]): MessageAdvice {
    const decision = decide(messages)
    return {
      code: decision.code,
      action: decision.action,
      title: decision.rule.title,
      meaning: decision.rule.meaning,
      remedy: decision.rule.remedy,
      decisive: decision.decisive,
    }
  }

  async close(): Promise<void> {
    const transports = [...this.#transports.values()]
    this.#transports.clear()
    await Promise.allSettled(transports.map((transport) => transport.close()))
  }

  /** Whose tokens a RUC lookup goes with: the issuer's, or the platform's when there is none. */
  #lookupAccess(issuer?: IssuerContext): { tokens: HkaTokens; environment: TaxEnvironment } {
    if (issuer) return { tokens: this.#tokens(issuer), environment: issuer.environment }
    const platform = this.#options.platformLookup
    if (!platform) {
      throw new TaxConfigError('No platform tokens for RUC lookups (HKA_LOOKUP_TOKEN_*)', {
        messages: panamaMessage('tax.pa.pac.lookup_unconfigured'),
        i18nKey: 'tax.pa.pac.lookup_unconfigured',
      })
    }
    return platform
  }

  /** The PAC tokens of the issuer's environment; a clear refusal before any call without them. */
  #tokens(issuer: IssuerContext): HkaTokens {
    const tokenEmpresa = issuer.credentials.tokens?.tokenEmpresa?.trim()
    const tokenPassword = issuer.credentials.tokens?.tokenPassword?.trim()
    if (!tokenEmpresa || !tokenPassword) {
      const environment = issuer.environment === 'production' ? 'producción' : 'demo'
      throw new TaxConfigError('No PAC tokens in the issuer context', {
        messages: panamaMessage('tax.pa.pac.tokens_missing', { environment }),
        i18nKey: 'tax.pa.pac.tokens_missing',
      })
    }
    return { tokenEmpresa, tokenPassword }
  }

  #documentData(ref: DocumentRef): DocumentData {
    const key = parseDocumentKey(ref.authorityKey)
    if (!key) {
      throw new TaxConfigError(`Not an HKA document key: "${ref.authorityKey}"`, {
        messages: panamaMessage('tax.pa.document.key'),
        i18nKey: 'tax.pa.document.key',
      })
    }
    return {
      establishmentCode: key.establishmentCode,
      number: key.number,
      emissionPointCode: key.emissionPointCode,
      documentType: key.documentType,
      emissionType: key.emissionType,
    }
  }

  #transport(environment: TaxEnvironment): HkaTransportPort {
    let transport = this.#transports.get(environment)
    if (!transport) {
      const settings: HkaSettings = this.#options
      transport = this.#options.transportFactory
        ? this.#options.transportFactory(environment, settings)
        : new HkaTransport({
            url: HkaTransport.urlFor(
              environment,
              environment === 'production' ? settings.productionUrl : settings.demoUrl
            ),
            timeoutMs: settings.timeoutMs,
          })
      this.#transports.set(environment, transport)
    }
    return transport
  }
}

/** A CUFE that fails its check digit is still HKA's answer; Facturo notes it as a warning. */
function cufeWarnings(cufe: string): AuthorityMessage[] {
  return validateCufe(cufe, { checkIssuerRuc: false }).map((issue) => ({
    code: 'CUFE',
    text: issue.message.es,
    severity: 'warning' as const,
  }))
}
