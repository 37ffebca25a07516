/*
|--------------------------------------------------------------------------
| TaxAuthority contract
|--------------------------------------------------------------------------
|
| One abstract class per seam, used as the container token. A country adapter
| extends it; the pipeline in `app/tax/` drives any adapter through the same
| steps: validate → buildDocument → sign → submit → checkStatus.
|
| Adapters never touch the database or the tenant context: the pipeline hands
| them an IssuerContext and persists whatever they return, so every step is
| resumable.
|
*/
import { TaxUnsupportedError } from '#adapters/core/errors'
import type {
  AuthorityFileResult,
  AuthorityMessage,
  AuthorityService,
  BuiltDocument,
  Capabilities,
  CertificateHolderCheck,
  CodeOption,
  CountryCode,
  CountryProfile,
  LocalDate,
  DocumentRef,
  EmailDeliveriesResult,
  EmailSendResult,
  ExplainContext,
  IdentificationType,
  IssuerContext,
  MessageAdvice,
  MessageExplanation,
  ParsedCertificate,
  PrintableDocument,
  ProductionFacts,
  QuotaResult,
  ReadinessCheck,
  SignedDocument,
  StatusResult,
  SubmitResult,
  TaxCategory,
  TaxDocument,
  TaxpayerLookupResult,
  TaxpayerQuery,
  ValidationIssue,
  VoidResult,
} from '#adapters/core/types'

/**
 * One `YYYY-MM-DD` formatter per time zone, kept: building an
 * Intl.DateTimeFormat costs about a millisecond of CPU (it loads the zone's
 * rules), and `today` runs for every document issued.
 */
const calendarDateFormats = new Map<string, Intl.DateTimeFormat>()
function calendarDateFormat(timeZone: string) {
  let format = calendarDateFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
    calendarDateFormats.set(timeZone, format)
  }
  return format
}

export abstract class TaxAuthority {
  /** ISO 3166-1 alpha-2 code of the country this adapter serves. */
  abstract readonly country: CountryCode

  /** What the authority supports: whether it issues yet, who signs, how authorization arrives, voiding, document types. */
  abstract readonly capabilities: Capabilities

  /**
   * What differs per country outside the pipeline: name, currency, time
   * zone, credential kind, environments, what voiding means, file names,
   * form defaults. The app renders these and never names a country.
   */
  abstract readonly profile: CountryProfile

  /** The authority's calendar date at `now` (issue dates, "today" in forms). */
  today(now: Date = new Date()): LocalDate {
    return calendarDateFormat(this.profile.timeZone).format(now)
  }

  /**
   * Checks a document against the authority's rules before anything is
   * numbered or built: identifications, amounts, required issuer data,
   * country limits.
   *
   * Never throws for business problems: returns them as issues (an empty
   * list means the document can be issued; warnings do not block).
   */
  abstract validate(doc: TaxDocument, issuer: IssuerContext): Promise<ValidationIssue[]>

  /**
   * Turns the neutral document into the authority's format and computes its
   * authority key (SRI clave de acceso).
   *
   * Pure: the same input gives the same output, byte for byte, with no I/O,
   * no clock and no randomness. Pass `doc.authorityKey` to rebuild a document
   * that already has a key. Throws E_TAX_UNSUPPORTED for a document type the
   * adapter does not issue, and E_TAX_CONFIG when issuer data it needs is
   * missing.
   */
  abstract buildDocument(doc: TaxDocument, issuer: IssuerContext): Promise<BuiltDocument>

  /**
   * Signs a built document with the issuer's credentials. Adapters whose
   * authority signs remotely return the body unchanged.
   *
   * Throws E_TAX_CERTIFICATE when the certificate cannot be used (expired,
   * not yet valid) and E_TAX_SIGNING for any other signing failure.
   */
  abstract sign(built: BuiltDocument, issuer: IssuerContext): Promise<SignedDocument>

  /**
   * Sends a signed document to the authority, exactly the stored bytes.
   *
   * A refusal is a value (`status: 'rejected'` with the authority's
   * messages), never an exception. Throws E_TAX_TRANSPORT (retryable) when
   * the authority could not be reached or answered garbage; callers must
   * then check the status before resending.
   */
  abstract submit(signed: SignedDocument, issuer: IssuerContext): Promise<SubmitResult>

  /**
   * Asks the authority what became of a submitted document. `pending` means
   * ask again later; `unknown` means the authority does not know the key
   * (safe to submit). Throws E_TAX_TRANSPORT on network trouble.
   */
  abstract checkStatus(ref: DocumentRef, issuer: IssuerContext): Promise<StatusResult>

  /**
   * Voids (annuls) an authorized document where the authority allows it.
   * The default implementation throws E_TAX_UNSUPPORTED; adapters with
   * `capabilities.voiding` override it.
   */
  async void(ref: DocumentRef, _reason: string, _issuer: IssuerContext): Promise<VoidResult> {
    throw new TaxUnsupportedError(
      `${this.country}: voiding is not supported (${ref.authorityKey})`,
      {
        messages: {
          es: 'La autoridad tributaria de este país no permite anular comprobantes desde el sistema; emita una nota de crédito.',
          en: "This country's tax authority does not allow voiding documents from the system; issue a credit note instead.",
        },
        i18nKey: 'tax.errors.voiding_unsupported',
      }
    )
  }

  /**
   * The pre-flight list a company passes before it issues in production:
   * the country's own rules, judged on the facts the application gathered
   * (a PAC country may ask its PAC, e.g. for the folios its production
   * tokens have left). Every rule is returned, passed or not, so the page
   * lists them all. The default has no rule: a country that asks nothing
   * before production overrides nothing.
   */
  async productionChecks(_facts: ProductionFacts): Promise<ReadinessCheck[]> {
    return []
  }

  /**
   * Documents the issuer may still send, as the authority or its PAC
   * counts them (HKA folios). Adapters listing 'quota' in
   * `capabilities.services` override it; the default throws
   * E_TAX_UNSUPPORTED.
   */
  async quota(_issuer: IssuerContext): Promise<QuotaResult> {
    throw this.#unsupported('quota')
  }

  /**
   * Asks the authority about a tax id (check digits, name, whether it takes
   * part in electronic invoicing). 'taxpayer_lookup'; default
   * E_TAX_UNSUPPORTED.
   *
   * The country's own check of the tax id and its check digits runs first:
   * a malformed id or a wrong check digit is `status: 'invalid'` and no
   * request is sent. With an issuer, its credentials are used (and their
   * absence is E_TAX_CONFIG, as for any call); without one (sign-up, a
   * company that has no credentials yet) the adapter asks on the
   * platform's behalf with credentials of its own configuration, or throws
   * E_TAX_CONFIG when it has none.
   */
  async lookupTaxpayer(
    _query: TaxpayerQuery,
    _issuer?: IssuerContext
  ): Promise<TaxpayerLookupResult> {
    throw this.#unsupported('taxpayer_lookup')
  }

  /**
   * The authority's own file of a submitted document: its printable PDF
   * or its XML as authorized. 'document_files'; default E_TAX_UNSUPPORTED.
   */
  async downloadDocument(
    _ref: DocumentRef,
    _format: 'pdf' | 'xml',
    _issuer: IssuerContext
  ): Promise<AuthorityFileResult> {
    throw this.#unsupported('document_files')
  }

  /**
   * Has the authority e-mail an authorized document to one address.
   * 'document_email'; default E_TAX_UNSUPPORTED.
   */
  async sendDocumentEmail(
    _ref: DocumentRef,
    _email: string,
    _issuer: IssuerContext
  ): Promise<EmailSendResult> {
    throw this.#unsupported('document_email')
  }

  /**
   * What became of the e-mails the authority sent for a document.
   * 'document_email'; default E_TAX_UNSUPPORTED.
   */
  async emailDeliveries(_ref: DocumentRef, _issuer: IssuerContext): Promise<EmailDeliveriesResult> {
    throw this.#unsupported('document_email')
  }

  #unsupported(service: AuthorityService) {
    return new TaxUnsupportedError(`${this.country}: the authority offers no ${service} service`, {
      messages: {
        es: 'La autoridad tributaria de este país no ofrece este servicio.',
        en: "This country's tax authority does not offer this service.",
      },
      i18nKey: 'tax.errors.service_unsupported',
    })
  }

  /**
   * Explains one authority code for a user (title, meaning, remedy) and
   * says what the pipeline does about it. With the document's technical
   * details the explanation can name what in this document is concerned
   * (SRI 52: the rounding gap between line and total IVA). The default
   * knows no codes.
   */
  explain(_code: string, _context?: ExplainContext): MessageExplanation | undefined {
    return undefined
  }

  /**
   * Decides what to do about a reply's messages: the most urgent one wins
   * (query > lookup > fail > retry > ignore). The default treats any error
   * as final and everything else as informational; adapters with an error
   * policy (SRI 43/70 query, 45 lookup…) override it.
   */
  adviseOn(messages: readonly AuthorityMessage[]): MessageAdvice {
    const error = messages.find((message) => message.severity === 'error')
    const decisive = error ?? messages[0]
    const text = decisive ? `${decisive.code} ${decisive.text}` : ''
    return {
      code: decisive?.code ?? '',
      action: error ? 'fail' : 'ignore',
      title: { es: text, en: text },
      meaning: { es: decisive?.additionalInfo ?? text, en: decisive?.additionalInfo ?? text },
      remedy: { es: '', en: '' },
      decisive,
    }
  }

  /**
   * Renders the printable representation of a document (SRI RIDE, HKA
   * CAFE) as a PDF. The default throws E_TAX_UNSUPPORTED.
   */
  async renderDocumentPdf(input: PrintableDocument): Promise<Buffer> {
    throw new TaxUnsupportedError(
      `${this.country}: no printable representation (${input.authorityKey})`
    )
  }

  /**
   * Identification types buyers can have in this country, for customer
   * forms and for `Buyer.identificationType`.
   */
  abstract identificationTypes(): IdentificationType[]

  /**
   * Checks one identification number of the given type. Returns the issues
   * found (errors block, warnings only inform); an empty list means valid.
   * Never throws for bad input.
   */
  abstract validateIdentification(type: string, number: string): ValidationIssue[]

  /**
   * Tax categories products can carry in this country (VAT rates, excise
   * taxes), active and historic, for product forms and
   * `DocumentLine.taxCategory`.
   */
  abstract taxCategories(): TaxCategory[]

  /** Payment methods a document may state (SRI formaPago, HKA formaPagoFact), with their labels. */
  abstract paymentMethods(): CodeOption[]

  /**
   * Whether a signing certificate belongs to the company with this tax id,
   * by the country's rules for where a certificate states its holder. Only
   * countries whose credential is a certificate need to override it; the
   * default finds no holder.
   */
  certificateHolder(_certificate: ParsedCertificate, _taxId: string): CertificateHolderCheck {
    return { matches: false, found: [] }
  }

  /**
   * Releases clients, sockets and timers. Idempotent: calling it twice is
   * fine, and the manager calls it on shutdown.
   */
  abstract close(): Promise<void>
}
