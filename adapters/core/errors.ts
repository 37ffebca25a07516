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
import type { LocalizedText } from '#adapters/core/types'

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

const CERTIFICATE_MESSAGES: Record<CertificateProblem, LocalizedText> = {
  wrong_password: {
    es: 'La contraseña del certificado no es correcta.',
    en: 'The certificate password is not correct.',
  },
  not_pkcs12: {
    es: 'El archivo no es un certificado PKCS#12 (.p12 o .pfx) válido.',
    en: 'The file is not a valid PKCS#12 (.p12 or .pfx) certificate.',
  },
  no_private_key: {
    es: 'El archivo no contiene una clave privada; exporte el certificado con su clave.',
    en: 'The file holds no private key; export the certificate together with its key.',
  },
  no_signing_certificate: {
    es: 'El archivo no contiene un certificado de firma digital (uso "firma digital" o "no repudio").',
    en: 'The file holds no digital-signature certificate (usage "digitalSignature" or "nonRepudiation").',
  },
  key_mismatch: {
    es: 'Ninguna clave privada del archivo corresponde al certificado de firma.',
    en: 'No private key in the file matches the signing certificate.',
  },
  unsupported_key: {
    es: 'El certificado usa un tipo de clave no admitido (se requiere RSA).',
    en: 'The certificate uses an unsupported key type (RSA is required).',
  },
  expired: {
    es: 'El certificado de firma está caducado.',
    en: 'The signing certificate has expired.',
  },
  not_yet_valid: {
    es: 'El certificado de firma todavía no es válido.',
    en: 'The signing certificate is not valid yet.',
  },
}

/** A PKCS#12 file or its certificate cannot be used for signing. */
export class TaxCertificateError extends TaxError {
  static code = 'E_TAX_CERTIFICATE'
  static status = 422
  readonly reason: CertificateProblem

  constructor(reason: CertificateProblem, options: ErrorOptions & { detail?: string } = {}) {
    const messages = CERTIFICATE_MESSAGES[reason]
    super(options.detail ? `${messages.en} (${options.detail})` : messages.en, {
      cause: options.cause,
      messages,
      defaultKey: `tax.certificate.${reason}`,
    })
    this.reason = reason
  }
}

/*
 * The names the rest of the code uses, AdonisJS style.
 */
export const E_TAX_CONFIG = TaxConfigError
export const E_TAX_SIGNING = TaxSigningError
export const E_TAX_TRANSPORT = TaxTransportError
export const E_TAX_UNSUPPORTED = TaxUnsupportedError
export const E_TAX_CERTIFICATE = TaxCertificateError

export const errors = {
  E_TAX_CONFIG,
  E_TAX_SIGNING,
  E_TAX_TRANSPORT,
  E_TAX_UNSUPPORTED,
  E_TAX_CERTIFICATE,
}
