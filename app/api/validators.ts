import vine from '@vinejs/vine'
import { API_SCOPES } from '#api/tokens'

/** A new access token: a name to recognize it, what it may do, and how long it lives. */
export const createTokenValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(100),
    scopes: vine.array(vine.enum(API_SCOPES)).minLength(1).distinct(),
    // Days until it expires; absent: it never expires (until revoked).
    expiresInDays: vine.number().withoutDecimals().min(1).max(730).optional(),
  })
)
