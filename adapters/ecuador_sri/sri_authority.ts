/*
|--------------------------------------------------------------------------
| SriAuthority: the TaxAuthority for Ecuador
|--------------------------------------------------------------------------
|
| validate → rules in validation.ts
| buildDocument → clave de acceso + factura 2.1.0/1.1.0 or notaCredito 1.1.0 (pure)
| sign → XAdES-BES with the issuer's P12 (signer.ts), signer cached per credential
| submit / checkStatus → SOAP recepción / autorización (transport/sri_transport.ts)
|
| SRI has no voiding web service (a credit note is issued instead), so
| `void` keeps the contract's E_TAX_UNSUPPORTED default.
|
*/
import {
  TaxCertificateError,
  TaxConfigError,
  TaxSigningError,
  TaxUnsupportedError,
  TaxValidationError,
} from '#adapters/core/errors'
import { TaxAuthority } from '#adapters/core/tax_authority'
import type {
  AuthorityMessage,
  BuiltDocument,
  Capabilities,
  CertificateHolderCheck,
  CodeOption,
  CountryProfile,
  DocumentRef,
  ExplainContext,
  IdentificationType,
  IssuerContext,
  MessageAdvice,
  MessageExplanation,
  ParsedCertificate,
  PrintableDocument,
  ProductionFacts,
  ReadinessCheck,
  SignedDocument,
  SigningCredential,
  StatusResult,
  SubmitResult,
  TaxCategory,
  DeclarationMapping,
  TaxDocument,
  TaxEnvironment,
  TaxIdValidation,
  TaxRoundingDetail,
  ValidationIssue,
} from '#adapters/core/types'
import { assertXmlBody } from '#adapters/core/xml_text'
import { buildAccessKey, deriveNumericCode } from '#adapters/ecuador_sri/access_key'
import { buildCreditNoteXml, CREDIT_NOTE_VERSION } from '#adapters/ecuador_sri/builders/credit_note'
import {
  buildInvoiceXml,
  INVOICE_VERSIONS,
  type InvoiceVersion,
} from '#adapters/ecuador_sri/builders/invoice'
import {
  compactTaxId,
  validateIdentification,
  validateIssuerRuc,
} from '#adapters/ecuador_sri/identification'
import { computeDocument, money, rate } from '#adapters/ecuador_sri/money'
import { SriSigner, type SignOptions } from '#adapters/ecuador_sri/signer'
import {
  DOCUMENT_CODES,
  EMISSION_TYPE_NORMAL,
  ENVIRONMENT_CODES,
  IDENTIFICATION_TYPES,
  OFFERED_PAYMENT_METHODS,
  TAX_CATEGORIES,
} from '#adapters/ecuador_sri/tax_codes'
import { certificateMatchesTaxId } from '#adapters/ecuador_sri/certificate_identity'
import { SriTransport } from '#adapters/ecuador_sri/transport/sri_transport'
import { validateSriDocument } from '#adapters/ecuador_sri/validation'
import { classify, ruleFor } from '#adapters/ecuador_sri/transport/error_policy'
import { renderRidePdf } from '#adapters/ecuador_sri/ride/ride_pdf'
import { FORM_104 } from '#adapters/ecuador_sri/declaration'
import { sriProductionChecks } from '#adapters/ecuador_sri/production_checks'

/** The adapter's settings, from its environment variables (adapters/ecuador_sri/config.ts). */
export interface SriSettings {
  /** Recepción URL; when absent, SRI's official URL for the issuer's environment. */
  receptionUrl?: string
  /** Autorización URL; when absent, SRI's official URL for the issuer's environment. */
  authorizationUrl?: string
  /** Per SOAP request. */
  timeoutMs?: number
  /** Highest importeTotal for a consumidor final buyer, USD (decimal string). */
  consumidorFinalCap?: string
  /** Default factura version; a tenant may override it with `issuer.settings.invoiceVersion`. */
  invoiceVersion?: InvoiceVersion
}

/** What SriAuthority needs from a transport (SriTransport, or a stand-in in unit tests). */
export interface SriTransportPort {
  submit(signedXml: string): Promise<SubmitResult>
  checkStatus(accessKey: string): Promise<StatusResult>
  close(): Promise<void>
}

export interface SriAuthorityOptions extends SriSettings {
  /** Builds the transport for an environment; defaults to SriTransport. */
  transportFactory?: (environment: TaxEnvironment, settings: SriSettings) => SriTransportPort
  /** Fixed signing options (tests and golden files). */
  signOptions?: () => SignOptions
}

/** SRI's consumidor final cap as read in public POS code (USD 50; older code used 200). Configurable. */
export const DEFAULT_FINAL_CONSUMER_CAP = '50'

export class SriAuthority extends TaxAuthority {
  readonly country = 'EC'
  readonly capabilities: Capabilities = {
    issuing: true,
    signing: 'local',
    authorization: 'async',
    voiding: false,
    documentTypes: ['invoice', 'credit_note'],
  }

  readonly profile: CountryProfile = {
    name: { es: 'Ecuador', en: 'Ecuador' },
    authorityName: 'SRI',
    // Ecuador has used the US dollar since 2000.
    currency: { code: 'USD', locale: 'es-EC' },
    terms: {
      tax: 'IVA',
      authorityFullName: {
        es: 'Servicio de Rentas Internas',
        en: 'Servicio de Rentas Internas (SRI)',
      },
      authorityGender: 'masculine',
      documentKey: { es: 'clave de acceso', en: 'access key' },
      // Representación Impresa del Documento Electrónico.
      printedDocument: 'RIDE',
      taxId: 'RUC',
    },
    // Mainland Ecuador is UTC−5 all year, no daylight saving.
    timeZone: 'America/Guayaquil',
    credential: 'certificate',
    environments: [
      { code: 'test', label: { es: 'Pruebas', en: 'Testing' } },
      { code: 'production', label: { es: 'Producción', en: 'Production' } },
    ],
    // SRI has no annulment web service: an authorized document is cancelled
    // by a credit note for its full amount (or by the taxpayer in SRI's portal).
    voiding: {
      by: 'credit_note',
      explanation: {
        es: 'En Ecuador un comprobante autorizado se anula emitiendo una nota de crédito por el total.',
        en: 'In Ecuador an authorized document is cancelled by issuing a credit note for its full amount.',
      },
    },
    fileNames: { invoice: 'factura', credit_note: 'nota-credito' },
    draftFileName: 'borrador',
    // 01 sin utilización del sistema financiero (cash) first; an added
    // payment starts as 20, through the financial system (transfer, cheque).
    defaults: { taxCategory: 'iva_15', paymentMethod: '01', addedPaymentMethod: '20' },
    // The issuer's fields of infoTributaria/infoFactura (SRI's ficha técnica
    // §4): the patterns are the XSD's, so a saved value always builds.
    companyFields: [
      {
        key: 'accountingObligated',
        kind: 'boolean',
        label: { es: 'Obligado a llevar contabilidad', en: 'Required to keep accounting books' },
        hint: {
          es: 'Como consta en tu RUC; se imprime en el RIDE y va en el XML (obligadoContabilidad).',
          en: 'As stated in your RUC; printed on the RIDE and sent in the XML (obligadoContabilidad).',
        },
      },
      {
        key: 'specialTaxpayerResolution',
        kind: 'text',
        label: {
          es: 'Número de resolución de contribuyente especial',
          en: 'Special taxpayer resolution number',
        },
        hint: {
          es: 'Solo si el SRI te designó contribuyente especial.',
          en: 'Only if the SRI designated you a special taxpayer.',
        },
        maxLength: 13,
        pattern: {
          source: '^[A-Za-z0-9]{3,13}$',
          message: {
            es: 'de 3 a 13 letras o dígitos',
            en: '3 to 13 letters or digits',
          },
        },
      },
      {
        key: 'withholdingAgentResolution',
        kind: 'text',
        label: {
          es: 'Resolución de agente de retención',
          en: 'Withholding agent resolution',
        },
        hint: {
          es: 'Solo si el SRI te designó agente de retención.',
          en: 'Only if the SRI designated you a withholding agent.',
        },
        maxLength: 8,
        pattern: {
          source: '^\\d{1,8}$',
          message: { es: 'hasta 8 dígitos', en: 'up to 8 digits' },
        },
      },
      {
        key: 'rimpeRegime',
        kind: 'select',
        label: { es: 'Régimen RIMPE', en: 'RIMPE regime' },
        hint: {
          es: 'Déjalo vacío si no estás en el RIMPE; la leyenda se imprime en el RIDE.',
          en: 'Leave it empty if you are not in RIMPE; the legend is printed on the RIDE.',
        },
        options: [
          {
            code: 'entrepreneur',
            key: 'entrepreneur',
            label: { es: 'RIMPE emprendedor', en: 'RIMPE entrepreneur' },
          },
          {
            code: 'popular_business',
            key: 'popular_business',
            label: { es: 'RIMPE negocio popular', en: 'RIMPE popular business' },
          },
        ],
      },
    ],
    taxId: {
      checkDigits: false,
      example: '1792146739001',
      hint: { es: '13 dígitos, termina en 001.', en: '13 digits, ending in 001.' },
      numeric: true,
    },
  }

  readonly #options: SriAuthorityOptions
  readonly #transports = new Map<TaxEnvironment, SriTransportPort>()
  // Parsing and key import happen once per credential object; the pipeline keeps one per tenant.
  readonly #signers = new WeakMap<SigningCredential, SriSigner>()

  constructor(options: SriAuthorityOptions = {}) {
    super()
    if (options.invoiceVersion && !INVOICE_VERSIONS.includes(options.invoiceVersion)) {
      throw new TaxConfigError(`Unsupported factura version "${options.invoiceVersion}"`)
    }
    this.#options = options
  }

  async validate(doc: TaxDocument, issuer: IssuerContext): Promise<ValidationIssue[]> {
    try {
      return validateSriDocument(doc, issuer, {
        finalConsumerCap: this.#options.consumidorFinalCap ?? DEFAULT_FINAL_CONSUMER_CAP,
      })
    } catch (error) {
      // A shape the validator did not foresee (null where an object goes) is still an issue, not a 500.
      return [
        {
          field: '',
          code: 'tax.ec.malformed',
          message: {
            es: 'El documento está incompleto o mal formado.',
            en: 'The document is incomplete or malformed.',
          },
          severity: 'error',
          params: { detail: error instanceof Error ? error.message : String(error) },
        },
      ]
    }
  }

  async buildDocument(doc: TaxDocument, issuer: IssuerContext): Promise<BuiltDocument> {
    if (!(doc.type in DOCUMENT_CODES)) {
      throw new TaxUnsupportedError(`The SRI adapter does not issue "${doc.type}"`, {
        messages: {
          es: 'Este tipo de documento no se emite para el SRI.',
          en: 'This document type is not issued for the SRI.',
        },
      })
    }
    try {
      const accessKey = doc.authorityKey ?? this.accessKeyFor(doc, issuer)
      const computed = computeDocument(doc)
      const version = this.#invoiceVersion(issuer)
      const body =
        doc.type === 'invoice'
          ? buildInvoiceXml({ doc, issuer, accessKey, computed, version })
          : buildCreditNoteXml({ doc, issuer, accessKey, computed })
      assertXmlBody(body, {
        code: 'tax.ec.xml_character',
        subject: { es: 'El comprobante', en: 'The document' },
        root: 'comprobante',
      })
      const format =
        doc.type === 'invoice' ? `factura ${version}` : `notaCredito ${CREDIT_NOTE_VERSION}`
      return {
        country: this.country,
        documentType: doc.type,
        authorityKey: accessKey,
        number: `${doc.issuer.establishmentCode}-${doc.issuer.emissionPointCode}-${String(doc.sequential).padStart(9, '0')}`,
        issueDate: doc.issueDate,
        body,
        contentType: 'application/xml',
        format,
        totals: {
          subtotal: money(computed.subtotal),
          discount: money(computed.discount),
          taxes: computed.groups.map((group) => ({
            category: group.category,
            authorityCode: group.codigo,
            authorityRateCode: group.codigoPorcentaje,
            rate: rate(group.tarifa),
            base: money(group.base),
            amount: money(group.value),
          })),
          tip: money(computed.tip),
          total: money(computed.total),
        },
        technical: {
          format,
          taxRounding: computed.groups.map((group) => ({
            category: group.category,
            authorityCode: group.codigo,
            authorityRateCode: group.codigoPorcentaje,
            rate: rate(group.tarifa),
            base: money(group.base),
            amount: money(group.value),
            lineAmount: money(group.lineValues),
            difference: money(group.lineDifference),
          })),
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
      throw new TaxConfigError(`Cannot build the SRI document: ${(error as Error).message}`, {
        cause: error,
        messages: {
          es: 'No se pudo generar el comprobante: revise los datos (valide el documento primero).',
          en: 'The document could not be built: check its data (validate it first).',
        },
        i18nKey: 'tax.ec.build_failed',
      })
    }
  }

  /** The clave de acceso a document gets (its own numeric code, or one derived from it). */
  accessKeyFor(doc: TaxDocument, issuer: IssuerContext): string {
    const fields = {
      issueDate: doc.issueDate,
      documentCode: DOCUMENT_CODES[doc.type],
      ruc: issuer.identity.taxId,
      environment: ENVIRONMENT_CODES[issuer.environment],
      establishment: doc.issuer.establishmentCode,
      emissionPoint: doc.issuer.emissionPointCode,
      sequential: doc.sequential,
      emissionType: EMISSION_TYPE_NORMAL,
    }
    return buildAccessKey({ ...fields, numericCode: doc.numericCode ?? deriveNumericCode(fields) })
  }

  async sign(built: BuiltDocument, issuer: IssuerContext): Promise<SignedDocument> {
    const credential = issuer.credentials.signing
    if (!credential) {
      throw new TaxConfigError('No signing certificate in the issuer context', {
        messages: {
          es: 'Cargue su certificado de firma electrónica (.p12) antes de emitir.',
          en: 'Upload your electronic signature certificate (.p12) before issuing.',
        },
        i18nKey: 'tax.ec.certificate_missing',
      })
    }
    let signer = this.#signers.get(credential)
    try {
      if (!signer) {
        signer = new SriSigner(credential)
        this.#signers.set(credential, signer)
      }
      const { xml } = signer.sign(built.body, this.#options.signOptions?.() ?? {})
      return {
        country: this.country,
        documentType: built.documentType,
        authorityKey: built.authorityKey,
        number: built.number,
        body: xml,
        contentType: built.contentType,
        signedAt: new Date().toISOString(),
        certificateFingerprint: credential.certificate.fingerprint.sha1,
      }
    } catch (error) {
      if (error instanceof TaxCertificateError || error instanceof TaxSigningError) throw error
      throw new TaxSigningError(`SRI signing failed: ${(error as Error).message}`, { cause: error })
    }
  }

  async submit(signed: SignedDocument, issuer: IssuerContext): Promise<SubmitResult> {
    return this.#transport(issuer.environment).submit(signed.body)
  }

  /** Certificate, RUC and emission point: see production_checks.ts. */
  async productionChecks(facts: ProductionFacts): Promise<ReadinessCheck[]> {
    return sriProductionChecks(facts)
  }

  async checkStatus(ref: DocumentRef, issuer: IssuerContext): Promise<StatusResult> {
    return this.#transport(issuer.environment).checkStatus(ref.authorityKey)
  }

  /** The SRI error policy row of an identificador (sri.policy.*). */
  explain(code: string, context?: ExplainContext): MessageExplanation | undefined {
    const rule = ruleFor(code)
    const explanation: MessageExplanation = {
      code,
      action: rule.action,
      title: rule.title,
      meaning: rule.meaning,
      remedy: rule.remedy,
    }
    if (code === '52') {
      const gaps = roundingGapText(context?.technical?.taxRounding ?? [])
      if (gaps) {
        explanation.meaning = {
          es: `${rule.meaning.es} ${gaps.es}`,
          en: `${rule.meaning.en} ${gaps.en}`,
        }
      }
    }
    return explanation
  }

  /** SRI's error policy (transport/error_policy.ts): 43/70 query, 45 lookup, 35/39/52/65 fail, 50 retry. */
  adviseOn(messages: readonly AuthorityMessage[]): MessageAdvice {
    const decision = classify([...messages])
    const rule = decision.decisive
      ? ruleFor(decision.decisive.code, decision.decisive.severity)
      : undefined
    return {
      code: decision.code,
      action: decision.action,
      title: decision.title,
      meaning: rule?.meaning ?? decision.message,
      remedy: rule?.remedy ?? { es: '', en: '' },
      decisive: decision.decisive,
    }
  }

  /** The RIDE (ride/ride_pdf.ts). */
  async renderDocumentPdf(input: PrintableDocument): Promise<Buffer> {
    return renderRidePdf({
      issuer: input.issuer,
      document: input.document,
      accessKey: input.authorityKey,
      environment: input.environment,
      number: input.number,
      authorization: input.authorization,
      logo: input.logo,
    })
  }

  identificationTypes(): IdentificationType[] {
    return IDENTIFICATION_TYPES
  }

  validateIdentification(type: string, number: string): ValidationIssue[] {
    return validateIdentification(type, number)
  }

  /** The company's own RUC: the buyer rules plus the issuer's 001 suffix. */
  validateTaxId(taxId: string): TaxIdValidation {
    const normalized = compactTaxId(taxId ?? '')
    const issues = validateIssuerRuc(normalized).map((found) => ({ ...found, field: 'taxId' }))
    return { normalized, issues }
  }

  taxCategories(): TaxCategory[] {
    return TAX_CATEGORIES
  }

  declarationMapping(): DeclarationMapping {
    return FORM_104
  }

  paymentMethods(): CodeOption[] {
    return OFFERED_PAYMENT_METHODS.map(({ code, key, label }) => ({
      code,
      key,
      label: { ...label },
    }))
  }

  /** RUC or (natural persons) cédula, wherever Ecuadorian CAs write them. */
  certificateHolder(certificate: ParsedCertificate, taxId: string): CertificateHolderCheck {
    const { matches, candidates } = certificateMatchesTaxId(certificate, taxId)
    const holderTaxId = matches
      ? (candidates.find((item) => item.kind === 'ruc' && item.value === taxId)?.value ??
        candidates.find((item) => item.kind === 'cedula')?.value ??
        taxId)
      : undefined
    return { matches, holderTaxId, found: [...new Set(candidates.map((item) => item.value))] }
  }

  async close(): Promise<void> {
    const transports = [...this.#transports.values()]
    this.#transports.clear()
    await Promise.allSettled(transports.map((transport) => transport.close()))
  }

  #invoiceVersion(issuer: IssuerContext): InvoiceVersion {
    const requested = issuer.settings?.invoiceVersion ?? this.#options.invoiceVersion ?? '2.1.0'
    if (!INVOICE_VERSIONS.includes(requested as InvoiceVersion)) {
      throw new TaxConfigError(`Unsupported factura version "${String(requested)}"`, {
        messages: {
          es: 'Versión de factura no admitida (use 2.1.0 o 1.1.0).',
          en: 'Unsupported invoice version (use 2.1.0 or 1.1.0).',
        },
      })
    }
    return requested as InvoiceVersion
  }

  #transport(environment: TaxEnvironment): SriTransportPort {
    let transport = this.#transports.get(environment)
    if (!transport) {
      const settings: SriSettings = this.#options
      transport = this.#options.transportFactory
        ? this.#options.transportFactory(environment, settings)
        : new SriTransport({
            ...SriTransport.endpointsFor(environment, {
              receptionUrl: settings.receptionUrl,
              authorizationUrl: settings.authorizationUrl,
            }),
            timeoutMs: settings.timeoutMs,
          })
      this.#transports.set(environment, transport)
    }
    return transport
  }
}

/**
 * Error 52 ("diferencias") on a document whose tax groups carry a rounding
 * gap: says where, with the figures, since SRI publishes no tolerance and
 * this gap is the one known difference between its two ways of rounding.
 */
function roundingGapText(groups: TaxRoundingDetail[]): { es: string; en: string } | undefined {
  const gaps = groups.filter((group) => Number(group.difference) !== 0)
  if (gaps.length === 0) return undefined
  const label = (group: TaxRoundingDetail) =>
    group.authorityCode === '2' ? `IVA ${group.rate} %` : `${group.category} ${group.rate}`
  const es = gaps
    .map(
      (group) =>
        `${label(group)}: la suma del impuesto de cada línea es ${group.lineAmount} y el total del comprobante ${group.amount} (diferencia ${group.difference})`
    )
    .join('; ')
  const en = gaps
    .map(
      (group) =>
        `${label(group)}: the lines' own taxes add up to ${group.lineAmount} and the document total is ${group.amount} (difference ${group.difference})`
    )
    .join('; ')
  return {
    es: `Este comprobante tiene una diferencia de redondeo entre el IVA por línea y el IVA total, calculado como lo hace la herramienta del SRI. ${es}.`,
    en: `This document has a rounding gap between the per-line VAT and the total VAT, computed the way SRI's own tool does. ${en}.`,
  }
}
