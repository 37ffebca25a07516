/*
|--------------------------------------------------------------------------
| Rate limits
|--------------------------------------------------------------------------
|
| Login: 5 failed attempts per e-mail and IP, then that pair is blocked for
| 15 minutes (a success clears the count). Public forms (register, password
| reset, join codes, e-mail resends): 30 posts per minute per IP and form,
| enough for a person, not for a script.
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

export function formsLimiter() {
  return limiter.use({ requests: 30, duration: '1 minute' })
}
