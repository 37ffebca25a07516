import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import hash from '@adonisjs/core/services/hash'
import Tenant from '#tenancy/models/tenant'
import User from '#accounts/models/user'
import AuditLog from '#accounts/models/audit_log'
import AccountExistsMail from '#accounts/mails/account_exists_mail'
import VerifyEmailMail from '#accounts/mails/verify_email_mail'
import ResetPasswordMail from '#accounts/mails/reset_password_mail'
import { TEST_PASSWORD, createCompany, createUser } from '#tests/helpers/accounts'
import { INSPECT } from '#tests/helpers/tenancy'

const INVALID = 'El correo o la contraseña no son correctos.'
const BLOCKED =
  'Demasiados intentos fallidos. Por seguridad, espera 15 minutos antes de volver a intentarlo, o recupera tu contraseña.'
const TOO_FAST = 'Demasiados envíos seguidos desde tu conexión.'

let forwarded = 0
/** A different, made-up client address for every request. */
function spoofedAddress() {
  forwarded += 1
  return `203.0.113.${forwarded % 250}, 198.51.100.${(forwarded * 7) % 250}`
}

test.group('Security: login throttling holds', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => limiter.clear())

  test('rotating X-Forwarded-For does not reset the failure count', async ({ client, assert }) => {
    const user = await createUser()
    for (let attempt = 1; attempt <= 5; attempt++) {
      const failed = await client
        .post('/login')
        .form({ email: user.email, password: `incorrecta-${attempt}` })
        .header('x-forwarded-for', spoofedAddress())
        .withCsrfToken()
        .redirects(0)
      failed.assertValidationError('email', INVALID)
    }

    // A sixth "address" with the right password: still blocked.
    const blocked = await client
      .post('/login')
      .form({ email: user.email, password: TEST_PASSWORD })
      .header('x-forwarded-for', spoofedAddress())
      .withCsrfToken()
      .redirects(0)
    blocked.assertValidationError('email', BLOCKED)
    blocked.assertSessionMissing('auth_web')

    // The audit trail records the socket's address, not the header's.
    const failure = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('action', 'auth.login_failed')
      .orderBy('id', 'desc')
      .firstOrFail()
    assert.equal(failure.ip, '127.0.0.1')
  })

  test('an address without an account is answered and throttled exactly the same', async ({
    client,
  }) => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const failed = await client
        .post('/login')
        .form({ email: 'nadie-aqui@example.com', password: `incorrecta-${attempt}` })
        .withCsrfToken()
        .redirects(0)
      failed.assertValidationError('email', INVALID)
    }
    const blocked = await client
      .post('/login')
      .form({ email: 'NADIE-AQUI@example.com', password: TEST_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    blocked.assertValidationError('email', BLOCKED)
  })

  test('a password reset lifts the block of the account', async ({ client }) => {
    const user = await createUser()
    for (let attempt = 1; attempt <= 5; attempt++) {
      await client
        .post('/login')
        .form({ email: user.email, password: `incorrecta-${attempt}` })
        .withCsrfToken()
        .redirects(0)
    }
    const { mails } = mail.fake()
    await client.post('/forgot-password').form({ email: user.email }).withCsrfToken()
    let token = ''
    mails.assertSent(ResetPasswordMail, (sent) => {
      token = sent.url.split('/reset-password/')[1]
      return true
    })
    mail.restore()
    await client
      .post('/reset-password')
      .form({
        token,
        password: 'clave-restablecida-5',
        password_confirmation: 'clave-restablecida-5',
      })
      .withCsrfToken()
      .redirects(0)

    const login = await client
      .post('/login')
      .form({ email: user.email, password: 'clave-restablecida-5' })
      .withCsrfToken()
      .redirects(0)
    login.assertHeader('location', '/app')
  })

  test('every public form has a per-address limit that a forged header does not lift', async ({
    client,
  }) => {
    const { user: owner } = await createCompany('OWNER')
    const forms: Array<{ path: string; signedIn?: boolean }> = [
      { path: '/login' },
      { path: '/register' },
      { path: '/forgot-password' },
      { path: '/reset-password' },
      { path: '/join/register' },
      { path: '/join', signedIn: true },
    ]
    for (const form of forms) {
      const send = () => {
        const request = client
          .post(form.path)
          .form({ email: 'alguien@example.com' })
          .header('referer', form.path)
          .header('x-forwarded-for', spoofedAddress())
          .withCsrfToken()
          .redirects(0)
        return form.signedIn ? request.loginAs(owner) : request
      }
      for (let attempt = 1; attempt <= 30; attempt++) {
        const allowed = await send()
        allowed.assertStatus(302)
        allowed.assertFlashMissing('error')
      }
      const refused = await send()
      refused.assertStatus(302)
      refused.assertHeader('location', form.path)
      const message = refused.flashMessage('error') as unknown as string
      if (!message?.startsWith(TOO_FAST)) {
        throw new Error(`${form.path}: expected the form limit, got ${JSON.stringify(message)}`)
      }
    }
  })
})

function company(overrides: Record<string, string> = {}) {
  return {
    country: 'EC',
    taxId: '1792146739001',
    legalName: 'Comercial Pichincha Cía. Ltda.',
    tradeName: 'Comercial Pichincha',
    address: 'Av. Amazonas N34-120, Quito',
    fullName: 'Gabriela Torres',
    email: 'gabriela@pichincha.test',
    password: 'montaña-azul-2024',
    password_confirmation: 'montaña-azul-2024',
    ...overrides,
  }
}

test.group('Security: sign-up does not tell who has an account', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  test('a taken e-mail gets the same answer as a new one, and its owner a mail', async ({
    client,
    assert,
  }) => {
    const existing = await createUser({ email: 'ya-registrada@example.com' })
    const { mails } = mail.fake()

    const taken = await client
      .post('/register')
      .form(company({ email: 'Ya-Registrada@example.com', taxId: '1790016919001' }))
      .header('referer', '/register')
      .withCsrfToken()
      .redirects(0)
    const fresh = await client
      .post('/register')
      .form(company())
      .header('referer', '/register')
      .withCsrfToken()
      .redirects(0)

    for (const response of [taken, fresh]) {
      response.assertStatus(302)
      response.assertHeader('location', '/login')
      response.assertSessionMissing('auth_web')
      response.assertFlashMissing('errors')
    }
    assert.equal(
      (taken.flashMessage('success') as unknown as string).replace(
        'ya-registrada@example.com',
        'X'
      ),
      (fresh.flashMessage('success') as unknown as string).replace('gabriela@pichincha.test', 'X')
    )
    assert.notInclude(JSON.stringify(taken.flashMessages()), 'Ya existe')

    // Nothing was created for the taken address; its owner is told by mail.
    assert.isNull(await Tenant.findBy('tax_id', '1790016919001'))
    mails.assertSent(AccountExistsMail, (sent) => {
      return sent.message.hasTo(existing.email) && sent.url.endsWith('/login')
    })
    mails.assertSent(VerifyEmailMail, (sent) => sent.message.hasTo('gabriela@pichincha.test'))
    mails.assertSentCount(2)
    // The password typed on the form was not set on the existing account.
    await existing.refresh()
    assert.isTrue(await hash.verify(existing.password, TEST_PASSWORD))
  })

  test('the owner of a taken address gets at most three such mails an hour', async ({ client }) => {
    await createUser({ email: 'muy-buscada@example.com' })
    const { mails } = mail.fake()
    for (let attempt = 1; attempt <= 5; attempt++) {
      await client
        .post('/register')
        .form(company({ email: 'muy-buscada@example.com' }))
        .withCsrfToken()
        .redirects(0)
    }
    mails.assertSentCount(3)
  })

  test('the join-code sign-up answers the same way', async ({ client, assert }) => {
    const { user: owner } = await createCompany('OWNER')
    const created = await client
      .post('/app/users/join-codes')
      .form({ role: 'OPERATOR', expiresInDays: '7' })
      .loginAs(owner)
      .withCsrfToken()
      .redirects(0)
    const code = created.flashMessage('joinCode') as unknown as string
    const existing = await createUser({ email: 'ya-tiene-cuenta@example.com' })
    const { mails } = mail.fake()

    const send = (email: string) =>
      client
        .post('/join/register')
        .form({
          code,
          fullName: 'Alguien',
          email,
          password: 'clave-nueva-2024',
          password_confirmation: 'clave-nueva-2024',
        })
        .withCsrfToken()
        .redirects(0)
    const taken = await send(existing.email)
    const fresh = await send('recien-llegado@example.com')
    for (const response of [taken, fresh]) {
      response.assertHeader('location', '/login')
      response.assertSessionMissing('auth_web')
      response.assertFlashMissing('errors')
    }
    mails.assertSent(AccountExistsMail, (sent) => sent.message.hasTo(existing.email))
    assert.exists(await User.findBy('email', 'recien-llegado@example.com'))
  })
})
