import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import hash from '@adonisjs/core/services/hash'
import db from '@adonisjs/lucid/services/db'
import User from '#accounts/models/user'
import UserToken, { hashToken } from '#accounts/models/user_token'
import AuditLog from '#accounts/models/audit_log'
import ResetPasswordMail from '#accounts/mails/reset_password_mail'
import VerifyEmailMail from '#accounts/mails/verify_email_mail'
import { createUser } from '#tests/helpers/accounts'
import { INSPECT, reload } from '#tests/helpers/tenancy'

async function requestLink(client: any, email: string) {
  const { mails } = mail.fake()
  await client.post('/forgot-password').form({ email }).withCsrfToken().redirects(0)
  let url = ''
  mails.assertSent(ResetPasswordMail, (sent) => {
    url = sent.url
    return sent.message.hasTo(email)
  })
  return url.split('/reset-password/')[1]
}

test.group('Password reset', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('the same answer whether or not the address has an account', async ({ client }) => {
    const { mails } = mail.fake()
    const unknown = await client
      .post('/forgot-password')
      .form({ email: 'nadie@example.com' })
      .header('referer', '/forgot-password')
      .withCsrfToken()
      .redirects(0)
    unknown.assertStatus(302)
    unknown.assertFlashMessage(
      'success',
      'Si nadie@example.com tiene una cuenta en Facturo, recibirás un enlace para elegir una contraseña nueva. El enlace vence en una hora.'
    )
    mails.assertNoneSent()
  })

  test('mails a one-hour link, stores only its hash, and the link sets a new password', async ({
    client,
    assert,
  }) => {
    const user = await createUser()
    const token = await requestLink(client, user.email)
    assert.isAbove(token.length, 30)

    const row = await UserToken.findByOrFail('token_hash', hashToken(token))
    assert.equal(row.purpose, 'password_reset')
    assert.isAtMost(row.expiresAt.diffNow('minutes').minutes, 60)

    const form = await client.get(`/reset-password/${token}`).withInertia()
    form.assertInertiaPropsContains({ usable: true })

    await db.table('remember_me_tokens').insert({
      tokenable_id: user.id,
      hash: 'x'.repeat(64),
      created_at: new Date(),
      updated_at: new Date(),
      expires_at: DateTime.now().plus({ days: 1 }).toJSDate(),
    })

    const response = await client
      .post('/reset-password')
      .form({ token, password: 'nueva-clave-2025', password_confirmation: 'nueva-clave-2025' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
    response.assertFlashMessage(
      'success',
      'Tu contraseña se cambió. Ya puedes iniciar sesión con la nueva.'
    )

    const fresh = await User.findOrFail(user.id)
    assert.isTrue(await hash.verify(fresh.password, 'nueva-clave-2025'))
    assert.lengthOf(await db.from('remember_me_tokens').where('tokenable_id', user.id), 0)
    const logged = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('action', 'auth.password_reset_completed')
      .where('user_id', user.id)
      .first()
    assert.exists(logged)
  })

  test('a used, replaced, expired or tampered link is refused with a clear message', async ({
    client,
    assert,
  }) => {
    const user = await createUser()
    const first = await requestLink(client, user.email)
    const second = await requestLink(client, user.email)

    // The first link died when the second was requested.
    const replaced = await client
      .post('/reset-password')
      .form({
        token: first,
        password: 'nueva-clave-2025',
        password_confirmation: 'nueva-clave-2025',
      })
      .withCsrfToken()
      .redirects(0)
    replaced.assertValidationError(
      'password',
      'Este enlace para cambiar la contraseña no es válido o ya venció. Pide uno nuevo.'
    )

    const tampered = await client.get(`/reset-password/${second.slice(0, -2)}xx`).withInertia()
    tampered.assertStatus(200)
    tampered.assertInertiaPropsContains({ usable: false })

    await UserToken.query()
      .where('token_hash', hashToken(second))
      .update({ expiresAt: DateTime.now().minus({ minutes: 1 }).toJSDate() })
    const expired = await client
      .post('/reset-password')
      .form({
        token: second,
        password: 'nueva-clave-2025',
        password_confirmation: 'nueva-clave-2025',
      })
      .withCsrfToken()
      .redirects(0)
    expired.assertHasValidationError('password')

    const fresh = await User.findOrFail(user.id)
    assert.isFalse(await hash.verify(fresh.password, 'nueva-clave-2025'))
  })

  test('the new password must be strong too', async ({ client }) => {
    const user = await createUser()
    const token = await requestLink(client, user.email)
    const response = await client
      .post('/reset-password')
      .form({ token, password: 'corta1', password_confirmation: 'corta1' })
      .withCsrfToken()
      .redirects(0)
    response.assertHasValidationError('password')
  })
})

test.group('E-mail verification', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => mail.restore())

  async function verificationToken(client: any, user: User) {
    const { mails } = mail.fake()
    await client.post('/email/verification').loginAs(user).withCsrfToken().redirects(0)
    let url = ''
    mails.assertSent(VerifyEmailMail, (sent) => {
      url = sent.url
      return sent.message.hasTo(user.email)
    })
    return url.split('/verify-email/')[1]
  }

  test('the mailed link confirms the address once', async ({ client, assert }) => {
    const user = await createUser({ emailVerifiedAt: null })
    const token = await verificationToken(client, user)

    const response = await client.get(`/verify-email/${token}`).withInertia()
    response.assertInertiaComponent('accounts/auth/verify_email')
    response.assertInertiaPropsContains({ result: 'verified' })
    await reload(user)
    assert.exists(user.emailVerifiedAt)

    const again = await client.get(`/verify-email/${token}`).withInertia()
    again.assertInertiaPropsContains({ result: 'already_verified' })
  })

  test('a tampered or expired link is refused', async ({ client, assert }) => {
    const user = await createUser({ emailVerifiedAt: null })
    const token = await verificationToken(client, user)

    const tampered = await client.get(`/verify-email/${token}x`).withInertia()
    tampered.assertInertiaPropsContains({ result: 'invalid' })

    await UserToken.query()
      .where('token_hash', hashToken(token))
      .update({ expiresAt: DateTime.now().minus({ minutes: 1 }).toJSDate() })
    const expired = await client.get(`/verify-email/${token}`).withInertia()
    expired.assertInertiaPropsContains({ result: 'invalid' })
    await reload(user)
    assert.isNull(user.emailVerifiedAt)
  })

  test('asking again when already verified sends nothing', async ({ client }) => {
    const { mails } = mail.fake()
    const user = await createUser()
    const response = await client
      .post('/email/verification')
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertFlashMessage('success', 'Tu correo ya está confirmado.')
    mails.assertNoneSent()
  })
})
