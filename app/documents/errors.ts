import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import type { LocalizedText, ValidationIssue } from '#adapters/core/types'

function wantsJson(ctx: HttpContext) {
  return !ctx.request.header('x-inertia') && ctx.request.accepts(['html', 'json']) === 'json'
}

/** Data values given in both languages (an adapter's labels) in the request's language. */
function localized(data: Record<string, unknown>, locale: string) {
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => {
      const text = value as Partial<LocalizedText> | null
      const both = typeof text?.es === 'string' && typeof text?.en === 'string'
      return [key, both ? (locale === 'en' ? text!.en : text!.es) : value]
    })
  )
}

/**
 * A document rule refused the request (not a draft, over the invoice
 * balance…): a translated message, next to `field` when given, never a 500.
 */
export class InvoicingException extends Exception {
  static status = 422
  static code = 'E_INVOICING_RULE'

  constructor(
    readonly translationKey: string,
    readonly data: Record<string, unknown> = {},
    readonly field?: string
  ) {
    super(translationKey)
  }

  async handle(error: InvoicingException, ctx: HttpContext) {
    const message = ctx.i18n.t(error.translationKey, localized(error.data, ctx.i18n.locale))
    if (wantsJson(ctx)) {
      return ctx.response.status(422).send({
        errors: [{ field: error.field ?? '', message, rule: 'business' }],
      })
    }
    if (error.field) {
      ctx.session.flashValidationErrors(
        new vineErrors.E_VALIDATION_ERROR([{ field: error.field, message, rule: 'business' }])
      )
    } else {
      ctx.session.flash('error', message)
    }
    ctx.session.flashAll()
    return ctx.response.redirect().back()
  }
}

/**
 * The tax authority's rules refuse the document (adapter validation):
 * every error goes next to its field, in the user's language.
 */
export class DocumentInvalidException extends Exception {
  static status = 422
  static code = 'E_DOCUMENT_INVALID'

  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((issue) => `${issue.field}: ${issue.message.en}`).join('; '))
  }

  /** Maps the neutral document's paths onto the form's field names. */
  static formField(field: string) {
    return field
      .replace(/^buyer(\..*)?$/, 'customerId')
      .replace(/^issuer\.(establishmentCode|emissionPointCode).*$/, 'emissionPointId')
      .replace(/^issuer\..*$/, 'issuer')
      .replace(/^lines\.(\d+)\.(\w+).*$/, 'lines.$1.$2')
      .replace(/^payments\.(\d+)\.(\w+).*$/, 'payments.$1.$2')
  }

  async handle(error: DocumentInvalidException, ctx: HttpContext) {
    const english = ctx.i18n.locale === 'en'
    const messages = error.issues
      .filter((issue) => issue.severity === 'error')
      .map((issue) => ({
        field: DocumentInvalidException.formField(issue.field),
        message: english ? issue.message.en : issue.message.es,
        rule: issue.code,
      }))
    if (wantsJson(ctx)) return ctx.response.status(422).send({ errors: messages })
    ctx.session.flashValidationErrors(new vineErrors.E_VALIDATION_ERROR(messages))
    const general = messages.filter((message) => message.field === 'issuer')
    if (general.length) ctx.session.flash('error', general.map((m) => m.message).join(' '))
    ctx.session.flashAll()
    return ctx.response.redirect().back()
  }
}
