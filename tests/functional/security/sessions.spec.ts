import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import { MessageBuilder } from '@adonisjs/core/helpers'
import AuditLog from '#accounts/models/audit_log'
import ResetPasswordMail from '#accounts/mails/reset_password_mail'
import { TEST_PASSWORD, addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { RawBrowser } from '#tests/helpers/raw_browser'
import { INSPECT } from '#tests/helpers/tenancy'

/**
 * Sessions that end. Every client here is plain HTTP with its own cookie
 * jar against the running server, whose sessions live in Redis as in
 * production: the "thief" is a second client that sends the victim's raw
 * cookies, copied byte for byte.
 */
test.group('Security: sessions end', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  test('sessions are kept on the server (Redis), the cookie holds only a signed id', async ({
    assert,
  }) => {
    const { user } = await createCompany('OWNER')
    const browser = new RawBrowser()
    await browser.signIn(user.email, TEST_PASSWORD)
    const cookie = decodeURIComponent(browser.cookie('facturo-session')!)
    assert.isBelow(cookie.length, 200)
    // A signed cookie is "s:" + base64url(JSON { message }) + "." + signature.
    const signed = cookie.slice(2, cookie.lastIndexOf('.'))
    const sessionId = JSON.parse(Buffer.from(signed, 'base64url').toString()).message
    const stored = await redis.get(sessionId)
    assert.exists(stored)
    const data = new MessageBuilder().verify<Record<string, unknown>>(stored!, sessionId)
    assert.equal(data?.auth_web, user.id)
  })

  test('a copied session cookie is refused after the owner signs out', async ({ assert }) => {
    const { user } = await createCompany('OWNER')
    const victim = new RawBrowser()
    await victim.signIn(user.email, TEST_PASSWORD)
    const thief = victim.copy()

    // The copy works while the session is open…
    assert.equal(await thief.landing('/app'), '200')

    const out = await victim.post('/logout')
    assert.equal(out.location, '/login')

    // …and is worth nothing once the owner signed out.
    const refused = await thief.get('/app')
    assert.equal(refused.status, 302)
    assert.equal(refused.location, '/login')
    assert.equal(await victim.landing('/app'), '/login')
  })

  test('a password reset ends every session and deletes every "remember me" token', async ({
    assert,
  }) => {
    const { user } = await createCompany('OWNER')
    const laptop = new RawBrowser()
    await laptop.signIn(user.email, TEST_PASSWORD, true)
    assert.exists(laptop.cookie('remember_web'))
    const phone = new RawBrowser()
    await phone.signIn(user.email, TEST_PASSWORD)
    const thief = laptop.copy()
    assert.equal(await thief.landing('/app'), '200')

    const { mails } = mail.fake()
    const stranger = new RawBrowser()
    await stranger.post('/forgot-password', { email: user.email })
    let link = ''
    mails.assertSent(ResetPasswordMail, (sent) => {
      link = sent.url
      return true
    })
    const token = link.split('/reset-password/')[1]
    const reset = await stranger.post('/reset-password', {
      token,
      password: 'otra-clave-segura-9',
      password_confirmation: 'otra-clave-segura-9',
    })
    assert.equal(reset.location, '/login')

    // The session cookie and the remember-me cookie, sent raw, open nothing.
    for (const client of [thief, laptop, phone]) {
      const refused = await client.get('/app')
      assert.equal(refused.status, 302)
      assert.equal(refused.location, '/login')
    }
    const rememberOnly = new RawBrowser()
    rememberOnly.cookies.set('remember_web', thief.cookie('remember_web')!)
    assert.equal(await rememberOnly.landing('/app'), '/login')
    assert.lengthOf(await db.from('remember_me_tokens').where('tokenable_id', user.id), 0)

    // The new password works.
    const again = new RawBrowser()
    await again.signIn(user.email, 'otra-clave-segura-9')
    assert.equal(await again.landing('/app'), '200')
  })

  test('deactivating a member ends their sessions at once, on every device', async ({ assert }) => {
    const { tenant, user: owner } = await createCompany('OWNER')
    const operator = await createUser()
    const membership = await addMember(tenant, operator, 'OPERATOR', { isDefault: true })

    const desk = new RawBrowser()
    await desk.signIn(operator.email, TEST_PASSWORD, true)
    const thief = desk.copy()
    assert.equal(await thief.landing('/app/customers'), '200')

    const admin = new RawBrowser()
    await admin.signIn(owner.email, TEST_PASSWORD)
    const off = await admin.post(`/app/users/${membership.id}/deactivate`)
    assert.equal(off.location, '/app/users')

    for (const client of [thief, desk]) {
      const refused = await client.get('/app/customers')
      assert.equal(refused.status, 302)
      assert.equal(refused.location, '/login')
    }
    assert.lengthOf(await db.from('remember_me_tokens').where('tokenable_id', operator.id), 0)
    // The administrator who acted keeps working.
    assert.equal(await admin.landing('/app/users'), '200')

    const ended = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('action', 'auth.sessions_ended')
      .where('entity_id', String(operator.id))
      .firstOrFail()
    assert.deepEqual(ended.after, { reason: 'member_deactivated' })
    assert.equal(ended.userId, owner.id)
  })

  test('changing the password ends the other sessions; this device stays signed in', async ({
    assert,
  }) => {
    const { user } = await createCompany('OWNER')
    const here = new RawBrowser()
    await here.signIn(user.email, TEST_PASSWORD, true)
    const elsewhere = new RawBrowser()
    await elsewhere.signIn(user.email, TEST_PASSWORD, true)
    const thief = here.copy()

    const changed = await here.post(
      '/account/password',
      {
        currentPassword: TEST_PASSWORD,
        password: 'clave-cambiada-77',
        password_confirmation: 'clave-cambiada-77',
      },
      'PUT'
    )
    assert.equal(changed.location, '/account')

    assert.equal(await here.landing('/app'), '200')
    assert.notEqual(here.cookie('facturo-session'), thief.cookie('facturo-session'))
    assert.equal(await elsewhere.landing('/app'), '/login')
    // A copy taken before the change is refused too (the id changed and the generation rose).
    assert.equal(await thief.landing('/app'), '/login')
    // This device got a fresh "remember me" token; the others' were deleted.
    assert.lengthOf(await db.from('remember_me_tokens').where('tokenable_id', user.id), 1)
  })

  test('a wrong current password changes nothing and counts as a failed sign-in', async ({
    assert,
  }) => {
    const { user } = await createCompany('OWNER')
    const here = new RawBrowser()
    await here.signIn(user.email, TEST_PASSWORD)
    const response = await here.post(
      '/account/password',
      {
        currentPassword: 'no-es-la-actual-1',
        password: 'clave-cambiada-77',
        password_confirmation: 'clave-cambiada-77',
      },
      'PUT'
    )
    assert.equal(response.status, 302)
    assert.equal(await here.landing('/app'), '200')
    const again = new RawBrowser()
    await again.signIn(user.email, TEST_PASSWORD)
  })

  test('"sign out on the other devices" ends every session but this one', async ({ assert }) => {
    const { user } = await createCompany('OWNER')
    const here = new RawBrowser()
    await here.signIn(user.email, TEST_PASSWORD)
    const lostPhone = new RawBrowser()
    await lostPhone.signIn(user.email, TEST_PASSWORD, true)
    const thief = lostPhone.copy()

    const ended = await here.post('/account/sessions/end-others')
    assert.equal(ended.location, '/account')

    assert.equal(await here.landing('/app'), '200')
    assert.equal(await lostPhone.landing('/app'), '/login')
    const rememberOnly = new RawBrowser()
    rememberOnly.cookies.set('remember_web', thief.cookie('remember_web')!)
    assert.equal(await rememberOnly.landing('/app'), '/login')

    const page = await here.get('/account')
    assert.equal(page.status, 200)
    assert.include(page.text, 'Cerrar sesión en los demás dispositivos')
  })
})
