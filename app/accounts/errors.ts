import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { hasPermission } from '#accounts/abilities'
import type { Permission } from '#accounts/roles'

/**
 * A business rule refused the request (last owner, expired invitation…).
 * Actions throw it with a translation key; it renders itself as a message
 * in the user's language: next to `field` when given (like a validation
 * error), else as a flash error, and sends the user back to the form.
 * Never a 500.
 */
export class AccountsException extends Exception {
  static status = 422
  static code = 'E_ACCOUNTS_RULE'

  constructor(
    readonly translationKey: string,
    readonly data: Record<string, unknown> = {},
    readonly field?: string
  ) {
    super(translationKey)
  }

  async handle(error: AccountsException, ctx: HttpContext) {
    const message = ctx.i18n.t(error.translationKey, error.data)
    if (error.field) {
      ctx.session.flashValidationErrors(
        new vineErrors.E_VALIDATION_ERROR([{ field: error.field, message, rule: 'business' }])
      )
    } else {
      ctx.session.flashExcept(['_csrf', 'password', 'password_confirmation'])
      ctx.session.flash('error', message)
    }
    return ctx.response.redirect().back()
  }
}

/**
 * A member tried something their role does not allow: 403, rendered by the
 * exception handler (the "forbidden" page for browsers, JSON for APIs).
 */
export class ForbiddenException extends Exception {
  static status = 403
  static code = 'E_FORBIDDEN'
}

/** Throws ForbiddenException unless the Bouncer check allowed the action. */
export function ensureAllowed(allowed: boolean): asserts allowed {
  if (!allowed) throw new ForbiddenException('Access denied')
}

/** 403 unless the member's role has `permission` (routes use the `permission` middleware). */
export async function ensurePermission(ctx: HttpContext, permission: Permission) {
  ensureAllowed(await ctx.bouncer.allows(hasPermission, permission))
}
