import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'
import { roleAllows } from '#accounts/roles'

/** Where a company uploads its certificate: every "no usable certificate" message points here. */
export const CERTIFICATES_PAGE = '/app/settings/certificates'

/**
 * Why an uploaded file was refused. The first nine come from the P12
 * parser (adapters/core/pkcs12.ts); the rest are the module's own checks.
 * Each has its message in `certificates.upload_errors.<reason>`.
 */
export type UploadProblem =
  | 'wrong_password'
  | 'not_pkcs12'
  | 'no_private_key'
  | 'no_signing_certificate'
  | 'key_mismatch'
  | 'unsupported_key'
  | 'expired'
  | 'not_yet_valid'
  | 'too_many_iterations'
  | 'too_slow'
  | 'other_ruc'
  | 'no_identity'
  | 'too_large'
  | 'missing_file'
  | 'not_certificate_country'
  | 'already_active'
  | 'not_pac_country'

/**
 * An uploaded certificate cannot be used. Nothing was stored; the
 * controller shows the message next to the file field.
 */
export class CertificateUploadException extends Exception {
  static status = 422
  static code = 'E_CERTIFICATE_UPLOAD'

  constructor(
    readonly reason: UploadProblem,
    readonly data: Record<string, string | number> = {},
    options?: ErrorOptions
  ) {
    super(`Certificate upload refused: ${reason}`, options)
  }

  get translationKey() {
    return `certificates.upload_errors.${this.reason}`
  }
}

/**
 * Base of the "no usable certificate" errors raised to the signing
 * pipeline (catch this class to handle both). Rendered by themselves: a
 * flash message (with the upload page in it) for pages, JSON for APIs.
 */
export abstract class SigningCertificateException extends Exception {
  static status = 422
  /** The page where the problem is fixed. */
  readonly link = CERTIFICATES_PAGE
  abstract readonly translationKey: string
  data: Record<string, string> = {}

  async handle(error: SigningCertificateException, ctx: HttpContext) {
    const place = ctx.i18n.t('ui.nav.certificates')
    if (ctx.request.accepts(['html', 'json']) === 'json' && !ctx.request.header('x-inertia')) {
      // Plain text names the page by its path; the link also comes apart.
      const message = ctx.i18n.t(error.translationKey, {
        ...error.data,
        place: `${place} (${error.link})`,
      })
      return ctx.response.status(422).send({ code: error.code, message, link: error.link })
    }
    // On a page the place's name in the sentence is the link to it
    // (FlashMessages links the label where the message says it), for those
    // who may upload a certificate; others are told where, without a link.
    ctx.session.flash('error', ctx.i18n.t(error.translationKey, { ...error.data, place }))
    if (ctx.membership && roleAllows(ctx.membership.role, 'certificates.upload')) {
      ctx.session.flash('errorLink', { href: error.link, label: place })
    }
    return ctx.response.redirect().back()
  }
}

/** The company has no current signing certificate. */
export class CertificateMissingException extends SigningCertificateException {
  static code = 'E_CERTIFICATE_MISSING'
  static message = `The company has no signing certificate; upload one at ${CERTIFICATES_PAGE}`
  readonly translationKey = 'certificates.signing.missing'
}

/** The company's current signing certificate has expired. */
export class CertificateExpiredException extends SigningCertificateException {
  static code = 'E_CERTIFICATE_EXPIRED'
  static message = `The company's signing certificate has expired; upload a new one at ${CERTIFICATES_PAGE}`
  readonly translationKey = 'certificates.signing.expired'

  constructor(validTo: Date) {
    super()
    this.data = { date: validTo.toISOString().slice(0, 10) }
  }
}

/*
 * The names the rest of the code uses, AdonisJS style.
 */
export const E_CERTIFICATE_MISSING = CertificateMissingException
export const E_CERTIFICATE_EXPIRED = CertificateExpiredException
