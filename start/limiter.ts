/*
|--------------------------------------------------------------------------
| Rate limits
|--------------------------------------------------------------------------
|
| Login: 5 failed attempts on one account, from any number of addresses,
| block that account for 15 minutes, even with the right password; a
| success or a password reset clears the count. The key is the e-mail as
| typed, so an address without an account is throttled the same way.
|
| Public forms (sign-in, sign-up, password reset, join codes, e-mail
| resends): 30 posts per minute per client address and form, enough for a
| person, not for a script. The address is the socket's unless the request
| came through a proxy listed in TRUSTED_PROXIES (config/app.ts).
|
| "You already have an account" mails: 3 per account an hour.
|
| The sign-up form's RUC lookup: 10 per minute and 60 per hour per client
| address. Each one is a request to the PAC on the platform's account, so
| the public endpoint must not become a free taxpayer directory.
|
*/
import limiter from '@adonisjs/limiter/services/main'

export const LOGIN_MAX_FAILURES = 5
export const LOGIN_BLOCK = '15 mins'

export function loginLimiter() {
  return limiter.use({
    requests: LOGIN_MAX_FAILURES,
    duration: LOGIN_BLOCK,
    blockDuration: LOGIN_BLOCK,
  })
}

/** The failure counter of one account, whatever address the attempts come from. */
export function loginFailuresKey(email: string) {
  return `login_account_${email.trim().toLowerCase()}`
}

export function formsLimiter() {
  return limiter.use({ requests: 30, duration: '1 minute' })
}

export function signupNoticeLimiter() {
  return limiter.use({ requests: 3, duration: '1 hour' })
}

export const TAXPAYER_LOOKUP_LIMITS = [
  { requests: 10, duration: '1 minute' },
  { requests: 60, duration: '1 hour' },
] as const

export function taxpayerLookupLimiters() {
  return TAXPAYER_LOOKUP_LIMITS.map((limit) =>
    limiter.use({ requests: limit.requests, duration: limit.duration })
  )
}
