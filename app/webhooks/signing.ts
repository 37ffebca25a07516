import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** `whsec_` marks a Facturo webhook secret (secret scanners can look for it). */
export function newSigningSecret() {
  return `whsec_${randomBytes(32).toString('base64url')}`
}

/** HMAC-SHA256 (hex) of `<timestamp>.<body>` with the endpoint's secret. */
export function sign(secret: string, timestamp: number, body: string) {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
}

/**
 * The `Facturo-Signature` header: `t=<unix seconds>,v1=<hex>`, with one
 * `v1` per secret in force. During a rotation's overlap both the new and
 * the old secret sign, so a receiver still holding the old one keeps
 * verifying until it switches.
 */
export function signatureHeader(secrets: string[], timestamp: number, body: string) {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${sign(secret, timestamp, body)}`)].join(
    ','
  )
}

/**
 * What a receiver does (also used by Facturo's own tests and docs): true
 * when one `v1` of the header matches the body under `secret` and the
 * timestamp is within `toleranceSeconds` of now.
 */
export function verifySignature(
  header: string,
  body: string,
  secret: string,
  options: { toleranceSeconds?: number; now?: number } = {}
) {
  const parts = header.split(',').map((part) => part.split('=', 2) as [string, string])
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1])
  if (!Number.isInteger(timestamp)) return false
  const now = options.now ?? Math.floor(Date.now() / 1000)
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false
  const expected = Buffer.from(sign(secret, timestamp, body), 'hex')
  return parts.some(([key, value]) => {
    if (key !== 'v1' || !/^[0-9a-f]{64}$/.test(value)) return false
    return timingSafeEqual(Buffer.from(value, 'hex'), expected)
  })
}
