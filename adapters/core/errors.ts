/*
|--------------------------------------------------------------------------
| Tax adapter errors
|--------------------------------------------------------------------------
|
| Outcomes (a rejection, a pending authorization) are values; these are for
| failures. Every error says whether retrying can help (`retryable`) and
| keeps the vendor error (socket error, forge error, SOAP fault) as `cause`.
| Messages come in Spanish and English with an i18n key, so the pipeline
| can show them to a user without a 500.
|
*/
import { Exception } from '@adonisjs/core/exceptions'
import type { LocalizedText, ValidationIssue } from '#adapters/core/types'

export interface TaxErrorOptions extends ErrorOptions {
  /** Spanish and English text for users; defaults to the class message. */
  messages?: LocalizedText
  /** i18n key for the message. */
  i18nKey?: string
}

/** Base class of every tax adapter error. */
export abstract class TaxError extends Exception {
  /** True when the same call may succeed later (network trouble, authority outage). */
  readonly retryable: boolean = false
  readonly messages: LocalizedText
  readonly i18nKey: string

  constructor(message: string, options: TaxErrorOptions & { defaultKey: string }) {
    super(message, { cause: options.cause })
    this.messages = options.messages ?? { es: message, en: message }
    this.i18nKey = options.i18nKey ?? options.defaultKey
  }
}

/** The adapter or the issuer is misconfigured (missing endpoint, missing credentials, unknown country). */
export class TaxConfigError extends TaxError {
  static code = 'E_TAX_CONFIG'
  static status = 500
  constructor(message: string, options: TaxErrorOptions = {}) {
    super(message, { ...options, defaultKey: 'tax.errors.config' })
  }
}

/** The document could not be signed (bad key, canonicalization failure). */
export class TaxSigningError extends TaxError {
  static code = 'E_TAX_SIGNING'
  static status = 500
  constructor(message: string, options: TaxErrorOptions = {}) {
    super(message, { ...options, defaultKey: 'tax.errors.signing' })
  }
}

/**
 * The document cannot be built as it is: the builder found what `validate`
 * should have reported (a character XML cannot carry, for one). Carries the
 * issues, so the pipeline shows them like validation issues; nothing was
 * signed.
 */
export class TaxValidationError extends TaxError {
  static code = 'E_TAX_VALIDATION'
  static status = 422
  readonly issues: ValidationIssue[]

  constructor(message: string, issues: ValidationIssue[], options: TaxErrorOptions = {}) {
    super(message, {
      ...options,
      messages: options.messages ?? issues[0]?.message,
      defaultKey: 'tax.errors.validation',
    })
    this.issues = issues
  }
}

/**
 * The authority could not be reached or answered garbage (timeout, refused
 * connection, HTTP 5xx, SOAP fault). Always retryable: the pipeline checks
 * the status before any resend.
 */
export class TaxTransportError extends TaxError {
  static code = 'E_TAX_TRANSPORT'
  static status = 503
  readonly retryable = true
  constructor(message: string, options: TaxErrorOptions = {}) {
    super(message, { ...options, defaultKey: 'tax.errors.transport' })
  }
}

/** The adapter does not offer the operation (voiding on SRI, an unsupported document type). */
export class TaxUnsupportedError extends TaxError {
  static code = 'E_TAX_UNSUPPORTED'
  static status = 400
  constructor(message: string, options: TaxErrorOptions = {}) {
    super(message, { ...options, defaultKey: 'tax.errors.unsupported' })
  }
}

/**
 * Why a certificate (PKCS#12 file) cannot be used. Stable values: the
 * certificates module maps each one to its own message.
 */
export type CertificateProblem =
  | 'wrong_password'
  | 'not_pkcs12'
  | 'no_private_key'
  | 'no_signing_certificate'
  | 'key_mismatch'
  | 'unsupported_key'
  | 'expired'
  | 'not_yet_valid'
  | 'too_many_iterations'

/**
 * What a refusal knows beyond its reason: the date that makes a
 * certificate expired or not yet valid (YYYY-MM-DD, UTC), the key usages
 * of a certificate that cannot sign, the iteration count and the limit.
 */
export interface CertificateProblemData {
  date?: string
  usages?: string
  count?: number
  max?: number
}

type MessageOf = (data: CertificateProblemData) => LocalizedText

const CERTIFICATE_MESSAGES: Record<CertificateProblem, MessageOf> = {
  wrong_password: () => ({
    es: 'La contraseña del certificado no es correcta.',
    en: 'The certificate password is not correct.',
  }),
  not_pkcs12: () => ({
    es: 'El archivo no es un certificado PKCS#12 (.p12 o .pfx) válido.',
    en: 'The file is not a valid PKCS#12 (.p12 or .pfx) certificate.',
  }),
  no_private_key: () => ({
    es: 'El archivo no contiene una clave privada; exporte el certificado con su clave.',
    en: 'The file holds no private key; export the certificate together with its key.',
  }),
  no_signing_certificate: ({ usages }) => ({
    es:
      'El certificado de la clave privada no permite firmar (uso "firma digital" o "no repudio")' +
      (usages ? `; sus usos son: ${usages}.` : '.'),
    en:
      'The certificate of the private key does not allow signing (usage "digitalSignature" or "nonRepudiation")' +
      (usages ? `; its usages are: ${usages}.` : '.'),
  }),
  key_mismatch: () => ({
    es: 'El archivo no contiene el certificado que corresponde a su clave privada.',
    en: 'The file does not hold the certificate that matches its private key.',
  }),
  unsupported_key: () => ({
    es: 'El certificado usa un tipo de clave no admitido (se requiere RSA).',
    en: 'The certificate uses an unsupported key type (RSA is required).',
  }),
  expired: ({ date }) => ({
    es: date ? `El certificado de firma caducó el ${date}.` : 'El certificado de firma caducó.',
    en: date
      ? `The signing certificate expired on ${date}.`
      : 'The signing certificate has expired.',
  }),
  not_yet_valid: ({ date }) => ({
    es: date
      ? `El certificado de firma todavía no es válido: su vigencia empieza el ${date}.`
      : 'El certificado de firma todavía no es válido.',
    en: date
      ? `The signing certificate is not valid yet: it starts on ${date}.`
      : 'The signing certificate is not valid yet.',
  }),
  too_many_iterations: ({ count, max }) => ({
    es:
      `El archivo pide ${number(count, 'es-EC')} iteraciones para derivar sus claves (máximo ` +
      `${number(max, 'es-EC')}), muchas más de las que usan las entidades certificadoras; no se abrió.`,
    en:
      `The file asks for ${number(count, 'en-US')} iterations to derive its keys (at most ` +
      `${number(max, 'en-US')}), far more than certification authorities use; it was not opened.`,
  }),
}

function number(value: number | undefined, locale: string): string {
  return value === undefined ? '?' : value.toLocaleString(locale)
}

/** A PKCS#12 file or its certificate cannot be used for signing. */
export class TaxCertificateError extends TaxError {
  static code = 'E_TAX_CERTIFICATE'
  static status = 422
  readonly reason: CertificateProblem
  readonly data: CertificateProblemData

  constructor(
    reason: CertificateProblem,
    options: ErrorOptions & { detail?: string; data?: CertificateProblemData } = {}
  ) {
    const data = options.data ?? {}
    const messages = CERTIFICATE_MESSAGES[reason](data)
    super(options.detail ? `${messages.en} (${options.detail})` : messages.en, {
      cause: options.cause,
      messages,
      defaultKey: `tax.certificate.${reason}`,
    })
    this.reason = reason
    this.data = data
  }
}

/*
 * The names the rest of the code uses, AdonisJS style.
 */
export const E_TAX_CONFIG = TaxConfigError
export const E_TAX_SIGNING = TaxSigningError
export const E_TAX_VALIDATION = TaxValidationError
export const E_TAX_TRANSPORT = TaxTransportError
export const E_TAX_UNSUPPORTED = TaxUnsupportedError
export const E_TAX_CERTIFICATE = TaxCertificateError

export const errors = {
  E_TAX_CONFIG,
  E_TAX_SIGNING,
  E_TAX_VALIDATION,
  E_TAX_TRANSPORT,
  E_TAX_UNSUPPORTED,
  E_TAX_CERTIFICATE,
}
