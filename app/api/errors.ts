import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'

/** One error of an API answer: a stable code to branch on, the field, a message in the asked language. */
export interface ApiError {
  code: string
  field: string | null
  message: string
}

/**
 * A refusal of the REST API itself (authentication, scope, idempotency,
 * rate limit, not found): `code` is the stable code clients branch on, the
 * message comes from `resources/lang/<locale>/api.json`.
 */
export class ApiException extends Exception {
  constructor(
    readonly apiCode: string,
    status: number,
    readonly data: Record<string, unknown> = {},
    readonly field: string | null = null
  ) {
    super(`API error ${apiCode}`, { status, code: 'E_API' })
  }
}

/** `E_SOME_RULE` → `some_rule`: the stable code of an exception that names none itself. */
function codeOf(error: { code?: string }) {
  return (error.code ?? 'E_ERROR').replace(/^E_/, '').toLowerCase()
}

/** The stable code of each error another module's exception rendered. */
function stableCode(error: any, rule: string | undefined) {
  switch (error.code) {
    case 'E_VALIDATION_ERROR':
    case 'E_CATALOG_VALIDATION':
      return `validation.${rule ?? 'invalid'}`
    case 'E_INVOICING_RULE':
      return `document.${String(error.translationKey).split('.').pop()}`
    case 'E_DOCUMENT_INVALID':
      return 'document.invalid'
    case 'E_PLAN_LIMIT':
      return `plan.limit_${error.kind}`
    case 'E_WEBHOOK':
      return `webhook.${rule}`
    case 'E_PLAN_NO_API':
      return 'plan.no_api_access'
    default:
      return rule && rule !== 'business' ? `${codeOf(error)}.${rule}` : codeOf(error)
  }
}

function send(ctx: HttpContext, status: number, errors: ApiError[], extra = {}) {
  ctx.response.status(status).send({ errors, ...extra })
}

/**
 * Renders any failure of an API request as `{ errors: [{ code, field,
 * message }] }`. The other modules' exceptions render themselves (they
 * already answer JSON with field and translated message when the client
 * asks for JSON, which every API request does); this adds the stable code.
 * A failure that is not the client's fault is answered as a bare 500,
 * with nothing of its internals (the exception handler's report logs it).
 */
export async function renderApiError(error: any, ctx: HttpContext) {
  const t = (key: string, data: Record<string, unknown> = {}) =>
    ctx.i18n.t(`api.errors.${key}`, data)
  if (error instanceof ApiException) {
    return send(ctx, error.status, [
      { code: error.apiCode, field: error.field, message: t(error.apiCode, error.data) },
    ])
  }
  const status = Number(error?.status) || 500
  if (error?.code === 'E_ROW_NOT_FOUND' || status === 404) {
    return send(ctx, 404, [{ code: 'not_found', field: null, message: t('not_found') }])
  }
  if (status >= 400 && status < 500 && typeof error?.handle === 'function') {
    await error.handle(error, ctx)
    const body = ctx.response.getBody() as { errors?: any[] } | null
    const rendered = Array.isArray(body?.errors) ? body!.errors : []
    const errors = rendered.map((item) => ({
      code: stableCode(error, item.rule),
      field: item.field || null,
      message: String(item.message ?? ''),
    }))
    // What the module adds beside its errors (a billing page link) is kept.
    const extra = Object.fromEntries(Object.entries(body ?? {}).filter(([key]) => key !== 'errors'))
    return send(ctx, ctx.response.getStatus() || status, errors, extra)
  }
  if (error?.code === 'E_VALIDATION_ERROR' && Array.isArray(error.messages)) {
    return send(
      ctx,
      422,
      error.messages.map((item: any) => ({
        code: `validation.${item.rule}`,
        field: item.field,
        message: item.message,
      }))
    )
  }
  if (status >= 400 && status < 500) {
    return send(ctx, status, [{ code: codeOf(error), field: null, message: error.message }])
  }
  return send(ctx, 500, [{ code: 'internal_error', field: null, message: t('internal_error') }])
}
