import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'

export interface FieldMessage {
  field: string
  message: string
  rule?: string
}

/**
 * A catalog rule refused the input after the validator passed it: an
 * identification the country rules reject, a duplicate number or code, a
 * sequence moved backwards. The messages are already in the user's
 * language. Forms get them next to their fields (like any validation
 * error); JSON clients get a 422 with the same list.
 */
export class CatalogValidationException extends Exception {
  static status = 422
  static code = 'E_CATALOG_VALIDATION'

  constructor(readonly messages: FieldMessage[]) {
    super(messages.map((item) => `${item.field}: ${item.message}`).join('; '))
  }

  async handle(error: CatalogValidationException, ctx: HttpContext) {
    const validation = new vineErrors.E_VALIDATION_ERROR(
      error.messages.map((item) => ({
        field: item.field,
        message: item.message,
        rule: item.rule ?? 'catalog',
      }))
    )
    if (ctx.request.accepts(['html', 'json']) === 'json' && !ctx.request.header('x-inertia')) {
      return ctx.response.status(422).send({ errors: validation.messages })
    }
    ctx.session.flashValidationErrors(validation)
    return ctx.response.redirect().back()
  }
}

/** An import that cannot go on (wrong state, unreadable file): a flash message, then back. */
export class CatalogRuleException extends Exception {
  static status = 422
  static code = 'E_CATALOG_RULE'

  constructor(readonly userMessage: string) {
    super(userMessage)
  }

  async handle(error: CatalogRuleException, ctx: HttpContext) {
    if (ctx.request.accepts(['html', 'json']) === 'json' && !ctx.request.header('x-inertia')) {
      return ctx.response.status(422).send({ error: error.userMessage })
    }
    ctx.session.flashExcept(['_csrf'])
    ctx.session.flash('error', error.userMessage)
    return ctx.response.redirect().back()
  }
}
