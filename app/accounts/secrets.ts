import { createHash, randomBytes, randomInt } from 'node:crypto'

/**
 * Secrets handed to people (e-mail links, join codes). Only their SHA-256
 * hashes are stored, so the database alone never yields a usable link.
 */
export function hashSecret(secret: string) {
  return createHash('sha256').update(secret).digest('hex')
}

/** 256 random bits, URL-safe: the token of an e-mailed link. */
export function newLinkToken() {
  return randomBytes(32).toString('base64url')
}

/**
 * Join codes use Crockford's base 32 (no I, L, O, U): 12 characters, 60
 * random bits, read aloud or typed without confusion.
 */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const CODE_LENGTH = 12

export function newJoinCode() {
  let code = ''
  for (let index = 0; index < CODE_LENGTH; index++) {
    code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
  }
  return code
}

/**
 * What the user typed, in canonical form: case, spaces and dashes do not
 * matter, and the look-alikes O, I and L read as 0, 1 and 1 (Crockford).
 * Returns null when it cannot be a join code at all.
 */
export function normalizeJoinCode(input: string) {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
  if (code.length !== CODE_LENGTH) return null
  for (const char of code) {
    if (!CODE_ALPHABET.includes(char)) return null
  }
  return code
}

/** ABCD-EFGH-JKMN, as shown to the admin. */
export function formatJoinCode(code: string) {
  return code.match(/.{1,4}/g)!.join('-')
}
