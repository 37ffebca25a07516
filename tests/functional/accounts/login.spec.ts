import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import db from '@adonisjs/lucid/services/db'
import AuditLog from '#accounts/models/audit_log'
import User from '#accounts/models/user'
import { TEST_PASSWORD, createCompany, createUser } from '#tests/helpers/accounts'
import { INSPECT, reload } from '#tests/helpers/tenancy'

test.group('Sign in and sign out', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => limiter.clear())

  test('the form renders', async ({ client }) => {
    const response = await client.get('/login').withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('accounts/auth/login')
  })

  test('signs in, regenerates the session and audits it', async ({ client, assert }) => {
    const { user } = await createCompany('OWNER')
    const before = await client.get('/login')
    const sessionBefore = before.cookie('facturo-session')?.value
    assert.exists(sessionBefore)

    const response = await client
      .post('/login')
      .form({ email: user.email.toUpperCase(), password: TEST_PASSWORD })
      .withCookie('facturo-session', sessionBefore)
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/app')
    response.assertSession('auth_web', user.id)
    // Session fixation: the id known before signing in is worthless after.
    const sessionAfter = response.cookie('facturo-session')?.value
    assert.exists(sessionAfter)
    assert.notEqual(sessionAfter, sessionBefore)

    const logged = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('action', 'auth.login_succeeded')
      .where('user_id', user.id)
      .first()
    assert.exists(logged)
    assert.isNull(logged!.tenantId)
    assert.exists(logged!.ip)
    await reload(user)
    assert.exists(user.lastLoginAt)
  })

  test('a wrong password gets a clear message and is audited, without the password', async ({
    client,
    assert,
  }) => {
    const user = await createUser()
    const response = await client
      .post('/login')
      .form({ email: user.email, password: 'no-es-la-clave-1' })
      .header('referer', '/login')
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/login')
    response.assertValidationError('email', 'El correo o la contraseña no son correctos.')
    response.assertSessionMissing('auth_web')

    const failure = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('action', 'auth.login_failed')
      .orderBy('id', 'desc')
      .firstOrFail()
    assert.deepEqual(failure.after, { email: user.email })
  })

  test('the fifth failure blocks that e-mail and IP for 15 minutes, with the wait in the message', async ({
    client,
    assert,
  }) => {
    const user = await createUser()
    for (let attempt = 1; attempt <= 5; attempt++) {
      const failed = await client
        .post('/login')
        .form({ email: user.email, password: `incorrecta-${attempt}` })
        .withCsrfToken()
        .redirects(0)
      failed.assertValidationError('email', 'El correo o la contraseña no son correctos.')
    }

    // Even the right password is refused while blocked.
    const blocked = await client
      .post('/login')
      .form({ email: user.email, password: TEST_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    blocked.assertStatus(302)
    blocked.assertValidationError(
      'email',
      'Demasiados intentos fallidos. Por seguridad, espera 15 minutos antes de volver a intentarlo, o recupera tu contraseña.'
    )
    blocked.assertSessionMissing('auth_web')

    const english = await client
      .post('/login')
      .form({ email: user.email, password: TEST_PASSWORD })
      .header('accept-language', 'en')
      .withCsrfToken()
      .redirects(0)
    english.assertValidationError(
      'email',
      'Too many failed attempts. For your security, wait 15 minutes before trying again, or reset your password.'
    )

    const throttled = await AuditLog.query({ withoutTenantScope: INSPECT }).where(
      'action',
      'auth.login_throttled'
    )
    assert.isAtLeast(throttled.length, 1)
  })

  test('a success clears the failure count', async ({ client }) => {
    const user = await createUser()
    for (let attempt = 1; attempt <= 4; attempt++) {
      await client
        .post('/login')
        .form({ email: user.email, password: `incorrecta-${attempt}` })
        .withCsrfToken()
        .redirects(0)
    }
    const ok = await client
      .post('/login')
      .form({ email: user.email, password: TEST_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    ok.assertSession('auth_web', user.id)

    for (let attempt = 1; attempt <= 4; attempt++) {
      const again = await client
        .post('/login')
        .form({ email: user.email, password: `incorrecta-${attempt}` })
        .withCsrfToken()
        .redirects(0)
      again.assertValidationError('email', 'El correo o la contraseña no son correctos.')
    }
  })

  test('"remember me" issues a remember-me cookie backed by a stored token hash', async ({
    client,
    assert,
  }) => {
    const user = await createUser()
    const response = await client
      .post('/login')
      .form({ email: user.email, password: TEST_PASSWORD, remember: 'true' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    assert.exists(response.cookie('remember_web'))
    const tokens = await db.from('remember_me_tokens').where('tokenable_id', user.id)
    assert.lengthOf(tokens, 1)

    const other = await createUser()
    const plain = await client
      .post('/login')
      .form({ email: other.email, password: TEST_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    plain.assertSession('auth_web', other.id)
    assert.lengthOf(await db.from('remember_me_tokens').where('tokenable_id', other.id), 0)
    assert.isNotOk(plain.cookie('remember_web')?.value)
  })

  test('a super-admin without a company lands on the platform console', async ({ client }) => {
    const admin = await createUser({ isSuperAdmin: true })
    const response = await client
      .post('/login')
      .form({ email: admin.email, password: TEST_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', '/admin')
  })

  test('returns to a same-site page after signing in, never to another site', async ({
    client,
  }) => {
    const user = await createUser()
    const back = await client
      .post('/login')
      .form({ email: user.email, password: TEST_PASSWORD, returnTo: '/invitations/abc' })
      .withCsrfToken()
      .redirects(0)
    back.assertHeader('location', '/invitations/abc')

    const other = await createUser()
    const offsite = await client
      .post('/login')
      .form({ email: other.email, password: TEST_PASSWORD, returnTo: '//evil.example/x' })
      .withCsrfToken()
      .redirects(0)
    offsite.assertHeader('location', '/app')
  })

  test('signs out and audits it', async ({ client, assert }) => {
    const user = await createUser()
    const response = await client.post('/logout').loginAs(user).withCsrfToken().redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
    response.assertSessionMissing('auth_web')
    const logged = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('action', 'auth.logout')
      .where('user_id', user.id)
      .first()
    assert.exists(logged)
  })

  test('malformed input gets messages, not a 500', async ({ client }) => {
    const response = await client
      .post('/login')
      .json({ email: 'no-es-correo', password: { $ne: null } })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHasValidationError('email')
    response.assertHasValidationError('password')
  })

  test('the last sign-in is kept on the user', async ({ client, assert }) => {
    const user = await createUser()
    await client
      .post('/login')
      .form({ email: user.email, password: TEST_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    const fresh = await User.findOrFail(user.id)
    assert.exists(fresh.lastLoginAt)
  })
})
