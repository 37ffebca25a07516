import env from '#start/env'

/**
 * Absolute links for e-mails. They always point at the main domain
 * (APP_URL), never a company subdomain: the link must work before the
 * reader has a session anywhere.
 */
export function appUrl(path: string) {
  const base = (env.get('APP_URL') || `http://localhost:${env.get('PORT')}`).replace(/\/+$/, '')
  return `${base}${path}`
}

/**
 * Only same-site relative paths are accepted as a place to return to after
 * signing in ("/invitations/…"), never "//other.site" or a full URL.
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string') return null
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null
  return value
}
