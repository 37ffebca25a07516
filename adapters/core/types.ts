/*
|--------------------------------------------------------------------------
| Tax adapters: neutral types
|--------------------------------------------------------------------------
|
| The vocabulary shared by the pipeline in `app/tax/` and every country
| adapter. Nothing here is specific to one authority: a country adapter maps
| these shapes to its own format (SRI XML, HKA JSON, …).
|
| Amounts travel as decimal strings ("12.50", "1.123456") so no float ever
| touches money; adapters parse them with decimal.js.
|
*/
import type { KeyObject } from 'node:crypto'
import type forge from 'node-forge'

/** ISO 3166-1 alpha-2 code of the country an adapter serves ('EC', 'PA', 'XX' for the fake). */
export type CountryCode = string

/** Documents the platform issues. */
export type DocumentType = 'invoice' | 'credit_note'

/** Authority environment: the test ("pruebas") or production service. */
export type TaxEnvironment = 'test' | 'production'

/** A decimal number written as a string with a dot separator, e.g. "10", "1.50", "0.123456". */
export type DecimalString = string

/** A calendar date in the issuer's local time zone, `YYYY-MM-DD`. */
export type LocalDate = string

/** Text in the two languages of the product. Spanish first. */
export interface LocalizedText {
  es: string
  en: string
}

/*
|--------------------------------------------------------------------------
| Issuer
|--------------------------------------------------------------------------
*/

/**
 * Who issues: the tenant's fiscal identity. Comes from the tenant record, the
 * same for every document.
 */
export interface IssuerIdentity {
  /** Tax id: RUC in Ecuador (13 digits ending in 001), RUC in Panama. */
  taxId: string
  /** Panama only: RUC check digits (DV). */
  taxIdCheckDigits?: string
  /** Registered legal name (razón social). */
  legalName: string
  /** Trade name (nombre comercial), when different from the legal name. */
  tradeName?: string
  /** Head office address (dirección matriz). */
  headOfficeAddress: string
  /** Ecuador: obliged to keep accounting books ("obligado a llevar contabilidad"). */
  accountingObligated?: boolean
  /** Ecuador: special taxpayer resolution number (contribuyente especial), when designated. */
  specialTaxpayerResolution?: string
  /** Ecuador: withholding agent resolution number (agente de retención), when designated. */
  withholdingAgentResolution?: string
  /** Ecuador: RIMPE regime, printed as the legend SRI expects. */
  rimpeRegime?: 'entrepreneur' | 'popular_business'
  /** Panama: the issuer's tipo de contribuyente ('1' natural, '2' jurídico). */
  taxpayerType?: string
  /** Contact e-mail shown on printed documents. */
  email?: string
  /** Contact phone shown on printed documents. */
  phone?: string
}

/**
 * Where and with which number a document is issued. Lives on the document
 * because a tenant has several establishments and emission points.
 */
export interface DocumentIssuer {
  /** Establishment code, 3 digits in Ecuador ("001"); Panama "sucursal" ("0000"). */
  establishmentCode: string
  /** Address of the establishment (dirección del establecimiento). */
  establishmentAddress?: string
  /** Emission point code, 3 digits ("001"). */
  emissionPointCode: string
}

/**
 * A parsed signing credential (for SRI: the PKCS#12 file). Produced by
 * `adapters/core/pkcs12.ts` from the file and password the tenant uploaded;
 * the pipeline keeps it in memory only.
 */
export interface SigningCredential {
  /** The private key that matches the signing certificate, ready for `node:crypto`. */
  privateKey: KeyObject
  /** The signing certificate (the one with digitalSignature/nonRepudiation usage). */
  certificate: ParsedCertificate
  /** Other certificates of the file (CA chain, encryption certificates), signing certificate excluded. */
  chain: ParsedCertificate[]
}

/** One X.509 certificate, decoded once. */
export interface ParsedCertificate {
  /** node-forge object, for attribute and extension lookups. */
  forge: forge.pki.Certificate
  /** DER bytes. */
  der: Buffer
  /** PEM text. */
  pem: string
  /** Base64 of the DER, unwrapped (what goes in ds:X509Certificate). */
  base64: string
  /** Subject attributes in certificate order. */
  subject: CertificateAttribute[]
  /** Issuer attributes in certificate order. */
  issuer: CertificateAttribute[]
  /** Serial number as lowercase hex without leading zeros and as a decimal string. */
  serial: { hex: string; decimal: string }
  notBefore: Date
  notAfter: Date
  /** SHA-1 and SHA-256 fingerprints of the DER, lowercase hex. */
  fingerprint: { sha1: string; sha256: string }
  /** Key usage flags present in the certificate (empty when the extension is absent). */
  keyUsage: KeyUsageFlag[]
  /** True when basicConstraints says cA. */
  isCA: boolean
  /** True when the certificate is issued by itself (issuer = subject, signed by its own key). */
  selfSigned: boolean
  /** RSA modulus in lowercase hex, when the key is RSA. */
  modulusHex?: string
}

export type KeyUsageFlag =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly'

/** A distinguished-name attribute. `shortName` is absent for attributes forge has no name for. */
export interface CertificateAttribute {
  oid: string
  shortName?: string
  name?: string
  /** Decoded text (UTF8String, BMPString and the ASCII string types are decoded). */
  value: string
  /** ASN.1 universal tag of the value (12 UTF8String, 19 PrintableString, 22 IA5String, 30 BMPString…). */
  valueTag: number
  /** Index of the relative distinguished name it belongs to, in certificate order (multi-valued RDNs share it). */
  rdn: number
}

/** Credentials an adapter may need. Each adapter reads the ones it uses. */
export interface IssuerCredentials {
  /** Local signing (Ecuador SRI). */
  signing?: SigningCredential
  /** Remote signing/PAC tokens (Panama HKA): name → value. */
  tokens?: Record<string, string>
}

/**
 * Everything an adapter knows about the issuer. Built by the pipeline from
 * the tenant; adapters never read the database or the tenant context.
 */
export interface IssuerContext {
  identity: IssuerIdentity
  environment: TaxEnvironment
  credentials: IssuerCredentials
  /** Per-tenant adapter settings (for SRI: `invoiceVersion` '2.1.0' | '1.1.0'). */
  settings?: Record<string, unknown>
}

/*
|--------------------------------------------------------------------------
| Neutral document
|--------------------------------------------------------------------------
*/

export interface Buyer {
  /** Country identification type code, from `TaxAuthority.identificationTypes()` (EC: '04'…'08'). */
  identificationType: string
  identification: string
  name: string
  address?: string
  email?: string
  phone?: string
  /**
   * The identification details some countries need beyond type and number,
   * copied from the customer (see CustomerIdentity); absent elsewhere.
   * Check digits written apart from the number (Panama: DV).
   */
  checkDigits?: string
  /** Natural ('1') or juridical ('2') person, where the country asks (Panama: tipoContribuyente). */
  taxpayerType?: string
  /** Identification type of a foreign buyer (Panama: tipoIdentificacion). */
  foreignIdType?: string
  /** Country that issued a foreign buyer's identification (Panama: paisExtranjero). */
  foreignCountry?: string
}

/** Name/value pair shown on the document (line details, additional information). */
export interface NamedValue {
  name: string
  value: string
}

/** An excise tax on a line (Ecuador ICE, IRBPNR). */
export interface LineExtraTax {
  /** Category code from `taxCategories()` with kind 'excise' or 'other', e.g. 'ice' or 'irbpnr'. */
  category: string
  /** Authority's sub-code (ICE: the 4-digit code of the product, e.g. "3011"). */
  authorityCode?: string
  /** Percentage, when ad valorem ("15" means 15 %). */
  rate?: DecimalString
  /** Fixed amount per unit, when specific (IRBPNR 0.02 per bottle). */
  amountPerUnit?: DecimalString
}

export interface DocumentLine {
  /** Main product code. */
  code: string
  auxiliaryCode?: string
  description: string
  /** Unit of measure (optional on SRI documents). */
  unit?: string
  /** Up to 6 decimal places. */
  quantity: DecimalString
  /** Up to 6 decimal places. */
  unitPrice: DecimalString
  /** Discount amount for the whole line, 2 decimal places. Defaults to 0. */
  discount?: DecimalString
  /** VAT category code from `taxCategories()` (EC: 'iva_15', 'iva_0', 'iva_exento', …). */
  taxCategory: string
  /** Excise taxes (ICE, IRBPNR) on the line, when any. */
  extraTaxes?: LineExtraTax[]
  /** Up to 3 on SRI documents. */
  additionalDetails?: NamedValue[]
}

export interface Payment {
  /** Country payment method code (EC formaPago '01', '19', …). */
  method: string
  amount: DecimalString
  /** Credit term, when paid later. */
  term?: number
  /** Unit of the term: 'dias', 'meses', … */
  termUnit?: string
}

/** The invoice a credit note modifies. */
export interface DocumentReference {
  documentType: DocumentType
  /** Full number, e.g. "001-001-000000123". */
  number: string
  issueDate: LocalDate
  /** Reason for the credit note (motivo). */
  reason: string
  /** Authority key of the referenced document, when known. */
  authorityKey?: string
}

export interface TaxDocument {
  type: DocumentType
  /** Issue date in the issuer's local calendar. */
  issueDate: LocalDate
  /** ISO 4217 code. Ecuador uses USD. */
  currency: string
  issuer: DocumentIssuer
  /** Sequential number within (establishment, emission point, document type); digits only. */
  sequential: string | number
  /** 'normal' unless the authority defines another scheme. */
  emissionType?: 'normal'
  /**
   * Authority key already generated for this document (a retry, a re-sign).
   * When present the builder reuses it instead of drawing a new one.
   */
  authorityKey?: string
  /**
   * Issuer-chosen numeric code inside the authority key (SRI: 8 digits).
   * When absent it is derived deterministically from the document.
   */
  numericCode?: string
  buyer: Buyer
  lines: DocumentLine[]
  /** Required for invoices; ignored on credit notes. */
  payments?: Payment[]
  /** Tip (propina), 2 decimals. */
  tip?: DecimalString
  additionalInfo?: NamedValue[]
  /** Required for credit notes. */
  reference?: DocumentReference
}

/*
|--------------------------------------------------------------------------
| Results
|--------------------------------------------------------------------------
*/

/**
 * A problem found by `validate` or `validateIdentification`. `code` is an
 * i18n-ready key (`tax.ec.identification.cedula_check_digit`); `message`
 * carries the text so callers without the key in their catalogs still show
 * something clear.
 */
export interface ValidationIssue {
  /** Dotted path in the TaxDocument ("buyer.identification", "lines.2.quantity"). */
  field: string
  code: string
  message: LocalizedText
  /** Errors block issuing; warnings are shown and recorded. */
  severity: 'error' | 'warning'
  /** Values interpolated in the message, for re-translation. */
  params?: Record<string, string | number>
}

/** Totals a builder computed, for persistence and display (all 2-decimal strings). */
export interface DocumentTotals {
  /** Sum of line totals before taxes (after line discounts). */
  subtotal: DecimalString
  discount: DecimalString
  taxes: Array<{
    category: string
    authorityCode: string
    authorityRateCode: string
    rate: DecimalString
    base: DecimalString
    amount: DecimalString
  }>
  tip: DecimalString
  total: DecimalString
}

/**
 * How one tax group's amount relates to its lines, when the authority's
 * method lets them differ (SRI: the header IVA is computed on the grouped
 * base, each line's IVA on its own base).
 */
export interface TaxRoundingDetail {
  category: string
  authorityCode: string
  authorityRateCode: string
  rate: DecimalString
  base: DecimalString
  /** The group's amount, as written in the document's totals. */
  amount: DecimalString
  /** Σ of the per-line amounts, each rounded on its own. */
  lineAmount: DecimalString
  /** lineAmount − amount ("0.00" when they agree). */
  difference: DecimalString
}

/**
 * What a builder knows about how the figures were made, kept with the
 * document for support and shown in its technical details; never a reason
 * to stop the user.
 */
export interface DocumentTechnicalDetails {
  /** Schema/version of the body, e.g. 'factura 2.1.0'. */
  format?: string
  taxRounding?: TaxRoundingDetail[]
}

/** Output of the pure build step. */
export interface BuiltDocument {
  country: CountryCode
  documentType: DocumentType
  /** The authority's document key (SRI clave de acceso, HKA CUFE when known). */
  authorityKey: string
  /** Human number "001-001-000000123". */
  number: string
  issueDate: LocalDate
  /** Serialized document (XML or JSON) ready for signing. */
  body: string
  contentType: 'application/xml' | 'application/json'
  /** Schema/version of the body, e.g. 'factura 2.1.0'. */
  format: string
  totals: DocumentTotals
  /** Technical details worth keeping with the document (see DocumentTechnicalDetails). */
  technical?: DocumentTechnicalDetails
}

/** Output of the sign step: what gets persisted and submitted, byte for byte. */
export interface SignedDocument {
  country: CountryCode
  documentType: DocumentType
  authorityKey: string
  number: string
  body: string
  contentType: BuiltDocument['contentType']
  /** ISO-8601 instant of signing (with offset). */
  signedAt: string
  /** Fingerprint (SHA-1 hex) of the certificate used, when signed locally. */
  certificateFingerprint?: string
}

/** A message from the authority, kept as it came plus a severity. */
export interface AuthorityMessage {
  /** Authority code ("43", "70", "HKA-100"). */
  code: string
  text: string
  severity: 'error' | 'warning' | 'info'
  additionalInfo?: string
}

export interface SubmitResult {
  status: 'received' | 'accepted' | 'rejected'
  messages: AuthorityMessage[]
  /** Raw reply, kept for audit. */
  raw: string
  /**
   * Authorities that decide in the reply itself (`capabilities.authorization`
   * 'sync', e.g. HKA's Enviar) return the decision here, exactly as
   * `checkStatus` would, so nothing needs to ask again. Absent otherwise.
   */
  authorized?: StatusResult
}

export interface StatusResult {
  status: 'pending' | 'authorized' | 'rejected' | 'unknown'
  authorizationNumber?: string
  authorizedAt?: Date
  /**
   * The document's key as the authority assigned it when authorizing, when
   * the build step could not know it (HKA: the CUFE, whose security code
   * the PAC draws). Replaces the key built for the document.
   */
  authorityKey?: string
  /**
   * Where anyone can verify the document with the authority, printed as a
   * QR code on the document (DGI: the FacturasPorQR URL).
   */
  verificationUrl?: string
  /** The authority's receipt for the authorization, when it differs from the authorization number (DGI: nroProtocoloAutorizacion). */
  protocolNumber?: string
  /** Set when the authority reports the (authorized) document as voided since. */
  voidedAt?: Date
  messages: AuthorityMessage[]
  /** The authorized document as returned by the authority, when it returns one. */
  authorizedDocument?: string
  /**
   * The authority's authorization record as it returned it, when it is a
   * document of its own (SRI: the `<autorizacion>` element with estado,
   * numeroAutorizacion, fechaAutorizacion, ambiente and the comprobante in
   * CDATA): the file with tax validity that buyers keep.
   */
  authorizationRecord?: string
  raw: string
}

export interface VoidResult {
  status: 'voided' | 'rejected'
  messages: AuthorityMessage[]
  raw: string
}

/*
|--------------------------------------------------------------------------
| Services some authorities (or their PACs) offer besides the pipeline
|--------------------------------------------------------------------------
|
| Each is a TaxAuthority method whose default throws E_TAX_UNSUPPORTED; an
| adapter that implements one lists it in `capabilities.services`. A refusal
| is a value with the authority's messages, as everywhere.
|
*/

/**
 * quota: documents left with the authority or PAC (HKA folios);
 * taxpayer_lookup: a tax id's check digits and name from the authority;
 * document_files: the authority's own PDF/XML of a document;
 * document_email: the authority e-mails the document and tracks delivery.
 */
export type AuthorityService = 'quota' | 'taxpayer_lookup' | 'document_files' | 'document_email'

/** Documents the issuer may still send, as the authority or PAC counts them (HKA FoliosRestantes). */
export interface QuotaResult {
  status: 'ok' | 'rejected'
  /** Left in the current period. */
  available?: number
  /** Used in the current period. */
  used?: number
  /** Granted for the current period. */
  total?: number
  period?: { from: LocalDate; to: LocalDate }
  /** The licence or plan the periods belong to. */
  licence?: { code?: string; total?: number; from?: LocalDate; to?: LocalDate }
  messages: AuthorityMessage[]
  raw: string
}

export interface TaxpayerQuery {
  taxId: string
  /**
   * The check digits typed next to the tax id (Panama's DV), when the form
   * has them: the adapter checks them locally before asking the authority,
   * and a wrong one never leaves the machine.
   */
  checkDigits?: string
  /** Natural ('1') or juridical ('2'), where the authority asks (Panama tipoRuc). */
  taxpayerType?: string
}

/** What the authority knows of a tax id (HKA ConsultarRucDV). */
export interface TaxpayerLookupResult {
  /**
   * `invalid`: the tax id or its check digits fail the country's own check
   * (`issues` say why); the authority was not asked.
   */
  status: 'found' | 'not_found' | 'invalid'
  /** Why the tax id is invalid (status `invalid`), fields `taxId` and `checkDigits`. */
  issues?: ValidationIssue[]
  taxId?: string
  checkDigits?: string
  legalName?: string
  taxpayerType?: string
  /** Whether the taxpayer takes part in electronic invoicing, when the authority says. */
  electronicInvoicing?: boolean
  /** The authority's own words about it. */
  electronicInvoicingText?: string
  messages: AuthorityMessage[]
  raw: string
}

/** The authority's file of a document (HKA: the CAFE PDF, the signed XML). */
export type AuthorityFileResult =
  | {
      status: 'found'
      content: Buffer
      contentType: 'application/pdf' | 'application/xml'
      messages: AuthorityMessage[]
    }
  | { status: 'not_found'; messages: AuthorityMessage[]; raw: string }

export interface EmailSendResult {
  status: 'sent' | 'rejected'
  messages: AuthorityMessage[]
  raw: string
}

export interface EmailDelivery {
  email: string
  /** As the authority writes it. */
  createdAt: string
  /** As the authority writes it ("delivered", "bounced"…). */
  status: string
  messageId?: string
}

export interface EmailDeliveriesResult {
  status: 'ok' | 'rejected'
  deliveries: EmailDelivery[]
  messages: AuthorityMessage[]
  raw: string
}

/** Reference to a submitted document, for status checks and voiding. */
export interface DocumentRef {
  authorityKey: string
  documentType?: DocumentType
  number?: string
}

export interface Capabilities {
  /**
   * False while the country's authority is not wired yet: the country can
   * register companies and keep catalogs, but the app refuses to issue
   * (with a message saying so) instead of calling the adapter.
   */
  issuing: boolean
  signing: 'local' | 'remote'
  authorization: 'sync' | 'async'
  voiding: boolean
  documentTypes: DocumentType[]
  /** Services besides the pipeline the adapter implements (see AuthorityService); none when absent. */
  services?: AuthorityService[]
}

/*
|--------------------------------------------------------------------------
| Country profile: what the app shows and asks per country
|--------------------------------------------------------------------------
*/

/**
 * The credential a company needs before it can issue: a P12 signing
 * certificate it uploads (local signing), tokens of a PAC that signs for it
 * (remote signing), or nothing (an authority that needs neither).
 */
export type CredentialKind = 'certificate' | 'pac_tokens' | 'none'

/** One authority environment as the settings pages show it. */
export interface EnvironmentOption {
  code: TaxEnvironment
  label: LocalizedText
}

/**
 * Everything that differs per country outside the document pipeline. The
 * app renders these (forms, defaults, file names, money, dates) and never
 * names a country itself.
 */
export interface CountryProfile {
  /** The country's name in forms ("Ecuador"). */
  name: LocalizedText
  /** The authority's short name for pages ("SRI"). */
  authorityName: string
  /**
   * ISO 4217 code of the currency documents are issued in, and the BCP 47
   * locale money is written with; `display`, the ISO code whose symbol
   * amounts are shown with when the country writes its currency otherwise
   * (a currency at par with the one documents state).
   */
  currency: { code: string; locale: string; display?: string }
  /** What the country calls things on pages, PDFs and e-mails. */
  terms: CountryTerms
  /** IANA time zone of the authority's calendar: where "today" and a month start. */
  timeZone: string
  /** The credential a company of this country needs to issue. */
  credential: CredentialKind
  /** Authority environments, test first. */
  environments: EnvironmentOption[]
  /**
   * What "void" means for an issued document: the authority voids it
   * (`capabilities.voiding`), or a credit note for its full amount does;
   * the explanation is shown next to the button.
   */
  voiding: {
    by: 'authority' | 'credit_note'
    explanation: LocalizedText
    /** Length a voiding reason must have, where the authority asks for one. */
    reason?: { min: number; max: number }
    /** Days after authorization a document may still be voided, where the authority says. */
    withinDays?: number
  }
  /** File name stem per document type ("factura" → factura-001-001-000000001.xml). */
  fileNames: Record<DocumentType, string>
  /** Stem of a draft's file name ("borrador" → borrador-12.pdf). */
  draftFileName: string
  /**
   * What a new document starts with: the tax category of a line, the
   * payment method of its first payment, and that of a payment row added
   * to it.
   */
  defaults: { taxCategory: string; paymentMethod: string; addedPaymentMethod: string }
  /**
   * The country's own company settings (Ecuador: obligado a llevar
   * contabilidad, RIMPE…), which the company settings page renders and
   * validates from this declaration alone. Each value is stored under its
   * `key` and reaches the adapter as the IssuerIdentity member of that name.
   */
  companyFields?: CompanyField[]
  /** How a company writes its own tax id, for the registration form. */
  taxId: {
    /** Check digits written apart (Panama DV): registration asks for them in their own field. */
    checkDigits: boolean
    /** A well-formed example, as placeholder. */
    example: string
    /** Help under the field. */
    hint: LocalizedText
    /** Digits only (a numeric keyboard on phones). */
    numeric: boolean
  }
}

/**
 * The country's words for what every country has, so that shared pages and
 * e-mails say "ITBMS" or "IVA", "CUFE" or "clave de acceso" as the country
 * does.
 */
export interface CountryTerms {
  /** The value-added tax's name ("IVA"). */
  tax: string
  /** The authority's full name ("Servicio de Rentas Internas"). */
  authorityFullName: LocalizedText
  /**
   * Grammatical gender of the authority's short name in Spanish, for the
   * article pages put before it ("el SRI", "la DGI").
   */
  authorityGender: 'masculine' | 'feminine'
  /**
   * Who carries documents to the authority when it is not the company
   * itself (a PAC), as pages name it; absent when the company sends them.
   */
  intermediary?: string
  /** The key an authorized document is known by, as written mid-sentence ("clave de acceso"). */
  documentKey: LocalizedText
  /** The printed representation of a document ("RIDE"). */
  printedDocument: string
  /** The company's and customers' tax id as pages label it ("RUC"). */
  taxId: string
}

/** The IssuerIdentity members a country's company settings may fill. */
export type CompanyFieldKey =
  | 'accountingObligated'
  | 'specialTaxpayerResolution'
  | 'withholdingAgentResolution'
  | 'rimpeRegime'
  | 'taxpayerType'

/**
 * One setting of a company that only its country asks for, declared by the
 * adapter and rendered by the application without knowing the country:
 * a yes/no box, a short text (with its pattern) or a choice among codes.
 */
export interface CompanyField {
  key: CompanyFieldKey
  kind: 'boolean' | 'text' | 'select'
  label: LocalizedText
  /** Help under the field (what the authority calls it, where to find it). */
  hint?: LocalizedText
  /** A text or choice the company must give; a yes/no box is never required. */
  required?: boolean
  /** Text: longest value the authority accepts. */
  maxLength?: number
  /** Text: regular expression source the whole value must match, and what to say when it does not. */
  pattern?: { source: string; message: LocalizedText }
  /** Select: the codes to choose from. */
  options?: CodeOption[]
}

/** What a certificate says about its holder, checked against a company's tax id. */
export interface CertificateHolderCheck {
  /** True when the certificate belongs to the taxpayer with this tax id. */
  matches: boolean
  /** The tax id (or personal id) the certificate states for the holder, when it matches. */
  holderTaxId?: string
  /** Every taxpayer id the certificate states, for the error message. */
  found: string[]
}

/*
|--------------------------------------------------------------------------
| Country data for catalog forms
|--------------------------------------------------------------------------
*/

export interface IdentificationType {
  code: string
  /** Stable slug: 'ruc', 'cedula', 'passport', 'final_consumer', 'foreign'. */
  key: string
  label: LocalizedText
  /** Fixed identification number, when the type implies one (consumidor final). */
  fixedNumber?: string
}

export interface TaxCategory {
  /** Stable code used in DocumentLine.taxCategory ('iva_15'). */
  code: string
  kind: 'vat' | 'excise' | 'other'
  label: LocalizedText
  /** Percentage as a decimal string ("15"); "0" for zero-rated, exempt and not subject. */
  rate: DecimalString
  /** Authority codes (SRI: impuesto codigo and codigoPorcentaje). */
  authorityCode: string
  authorityRateCode: string
  /** Historic rates stay for credit notes and old data but are not offered for new products. */
  active: boolean
}

/** How an establishment or emission point code is written, for forms and checks. */
export interface CodeFormat {
  /** Exact number of digits. */
  length: number
  /** Regular expression source the whole code must match. */
  pattern: string
  /** Lowest allowed code, written out ("001"). */
  first: string
  /** Highest allowed code, written out ("999"). */
  last: string
  hint: LocalizedText
}

/** How a customer form treats one field for an identification type. */
export type FieldRule = 'required' | 'optional' | 'omit'

/** The fields a customer form asks for, per identification type. */
export interface CustomerTypeFields {
  /** The tax id number (RUC). */
  ruc: FieldRule
  /** The tax id check digits (Panama DV). */
  checkDigits: FieldRule
  /** Natural or juridical person. */
  taxpayerType: FieldRule
  /** Foreign identification type and number (instead of a tax id). */
  foreignIdentification: FieldRule
  /** Country that issued the foreign identification; 'passport_only' when only passports need it. */
  foreignCountry: FieldRule | 'passport_only'
}

/** A code with its labels (taxpayer kinds, foreign identification types). */
export interface CodeOption {
  code: string
  key: string
  label: LocalizedText
}

/**
 * The identification a customer form collects. Countries that need more
 * than type and number (Panama: DV, taxpayer type, foreign id type and
 * country) read the optional members.
 */
export interface CustomerIdentity {
  /** Identification type code from `identificationTypes()`. */
  type: string
  number?: string | null
  /** Panama: RUC check digits (DV). */
  checkDigits?: string | null
  /** Panama: tipoContribuyente ('1' natural, '2' juridical). */
  taxpayerType?: string | null
  /** Panama: identification type of a foreign customer. */
  foreignIdType?: string | null
  /** Panama: country that issued a foreign passport. */
  country?: string | null
}

/**
 * A company's own tax id checked by its country's rules (registration,
 * company settings). Issue fields are `taxId` and `taxIdCheckDigits`.
 */
export interface TaxIdValidation {
  /** The number as it is stored: separators removed or a canonical spelling. */
  normalized: string
  /** Errors block; warnings (a checksum the authority itself does not follow) only inform. */
  issues: ValidationIssue[]
}

/**
 * Where the sales of each tax category go in the country's periodic tax
 * return, for the period report. Boxes are the authority's numbers as
 * printed on the form; a category the mapping leaves out is shown as "not
 * mapped" rather than guessed.
 */
export interface DeclarationMapping {
  /** The return's name as the authority calls it ("Formulario 104"). */
  form: LocalizedText
  /** By tax category code. */
  boxes: Record<string, DeclarationBoxes>
}

export interface DeclarationBoxes {
  /** Sales before credit notes. */
  gross?: string
  /** Sales less credit notes. */
  net?: string
  /** Tax on the net sales. */
  tax?: string
  /** When the box depends on something Facturo does not know. */
  note?: LocalizedText
}

/**
 * A country's rules for catalog data (customers, products, points of sale),
 * without the document pipeline. Every TaxAuthority satisfies it.
 */
export interface CountryRules {
  readonly country: CountryCode
  /** See CountryProfile. */
  readonly profile: CountryProfile
  /**
   * See TaxAuthority.identificationTypes. A type may say which extra fields
   * a customer form collects for it (Panama's tipoClienteFE does).
   */
  identificationTypes(): Array<IdentificationType & { fields?: CustomerTypeFields }>
  /** See TaxAuthority.validateIdentification. */
  validateIdentification(type: string, number: string): ValidationIssue[]
  /** See TaxAuthority.taxCategories. */
  taxCategories(): TaxCategory[]
  /**
   * The complete customer check when the country needs more than type and
   * number. Issue fields are prefixed with `options.prefix` (default 'buyer').
   */
  validateCustomer?(identity: CustomerIdentity, options?: { prefix?: string }): ValidationIssue[]
  /**
   * Checks a company's own tax id (the issuer of documents): the country's
   * one implementation of its check digits, which registration uses too.
   * `checkDigits` is Panama's DV, written apart from the RUC.
   */
  validateTaxId?(taxId: string, checkDigits?: string | null): TaxIdValidation
  /** Payment methods a document may state, with their labels (for `Payment.method`). */
  paymentMethods(): CodeOption[]
  /** Taxpayer kinds a customer may be (Panama tipoContribuyente), when the country asks. */
  taxpayerTypes?(): CodeOption[]
  /** Identification types of foreign customers (Panama tipoIdentificacion), when the country asks. */
  foreignIdentificationTypes?(): CodeOption[]
  /** Where sales go in the country's periodic tax return, when known (period report). */
  declarationMapping?(): DeclarationMapping
  /** Establishment code format, when the country defines its own. */
  establishmentCode?: CodeFormat
  /** Emission point code format, when the country defines its own. */
  emissionPointCode?: CodeFormat
}

/*
|--------------------------------------------------------------------------
| Message advice and printing
|--------------------------------------------------------------------------
*/

/**
 * What the pipeline does about an authority's messages:
 * query (ask the status, never resend), lookup (the number is taken: ask
 * the status with the stored key), fail (final: show the user), retry
 * (later, with backoff), ignore (informational).
 */
export type MessageAction = 'query' | 'lookup' | 'fail' | 'retry' | 'ignore'

/** An authority code explained for a user: what it means and what to do. */
export interface MessageExplanation {
  code: string
  action: MessageAction
  title: LocalizedText
  meaning: LocalizedText
  remedy: LocalizedText
}

/** What an explanation may use about the document the message concerns. */
export interface ExplainContext {
  technical?: DocumentTechnicalDetails | null
}

/** The decision for a set of messages: the most urgent message decides. */
export interface MessageAdvice extends MessageExplanation {
  /** The message that decided, when any. */
  decisive?: AuthorityMessage
}

/** What a printable representation (SRI RIDE, HKA CAFE) is drawn from. */
export interface PrintableDocument {
  issuer: IssuerIdentity
  /** The company's logo (PNG or JPEG, already checked), drawn where the country's layout has room. */
  logo?: Buffer
  document: TaxDocument
  authorityKey: string
  environment: TaxEnvironment
  number?: string
  /**
   * Absent while the authority has not authorized the document. The
   * verification URL (printed as a QR) and protocol number where the
   * authority gave them.
   */
  authorization?: {
    number: string
    authorizedAt: Date | string
    verificationUrl?: string
    protocolNumber?: string
  }
}

/*
|--------------------------------------------------------------------------
| Going to production
|--------------------------------------------------------------------------
|
| Before a company switches from the test environment to production, its
| country's adapter says what must be true (a valid certificate, PAC tokens
| that the PAC accepts, an emission point…). The application gathers the
| facts (it owns the database), the adapter judges them.
|
*/

/** What the application knows of a company when it asks whether it may issue in production. */
export interface ProductionFacts {
  identity: IssuerIdentity
  /** The company's current signing certificate, or null when it has none. */
  certificate: {
    /** The tax id the certificate names, when it names one. */
    holderTaxId: string | null
    validTo: Date
    /** Issued by an entity the country accredits (not self-signed, not a CA's own certificate). */
    accredited: boolean
  } | null
  /** Active establishments, with their active points and each point's next invoice number in production. */
  establishments: Array<{
    code: string
    points: Array<{ code: string; nextInvoiceNumber: number }>
  }>
  /** The issuer in production, with its production credentials (PAC tokens) when saved. */
  production: IssuerContext
  now: Date
}

/** Where in the application a failed check is put right. */
export type ReadinessPlace = 'company' | 'credentials' | 'establishments'

/** One rule of the pre-flight list, judged. */
export interface ReadinessCheck {
  /** Stable code of the rule ('certificate_valid'). */
  code: string
  ok: boolean
  /** What the rule asks. */
  label: LocalizedText
  /** What was found: why it fails, or the figure that passes. */
  detail?: LocalizedText
  fix?: ReadinessPlace
}
