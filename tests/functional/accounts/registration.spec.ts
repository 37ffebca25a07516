import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import Tenant from '#tenancy/models/tenant'
import BillingAccount from '#billing/models/billing_account'
import User from '#accounts/models/user'
import Membership from '#accounts/models/membership'
import AuditLog from '#accounts/models/audit_log'
import VerifyEmailMail from '#accounts/mails/verify_email_mail'
import { createTenant, createUser } from '#tests/helpers/accounts'
import { INSPECT } from '#tests/helpers/tenancy'

function ecuadorCompany(overrides: Record<string, string> = {}) {
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

test.group('Registration', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    mail.fake()
    return () => mail.restore()
  })

  test('the form renders', async ({ client }) => {
    const response = await client.get('/register').withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('accounts/auth/register')
  })

  test('registers the company and its owner, and asks them to check their e-mail', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const response = await client
      .post('/register')
      .form(ecuadorCompany())
      .withCsrfToken()
      .redirects(0)

    // The answer does not depend on whether the address had an account
    // (tests/functional/security/throttling.spec.ts): the owner signs in next.
    response.assertStatus(302)
    response.assertHeader('location', '/login')
    response.assertFlashMessage(
      'success',
      'Revisa tu correo (gabriela@pichincha.test): te enviamos las instrucciones para entrar a Facturo. Si acabas de crear tu cuenta, ya puedes iniciar sesión con tu contraseña.'
    )
    response.assertSessionMissing('auth_web')

    const tenant = await Tenant.findByOrFail('tax_id', '1792146739001')
    assert.equal(tenant.slug, 'comercial-pichincha')
    assert.equal(tenant.status, 'TRIAL')
    assert.equal(tenant.authorityEnvironment, 'test')
    // New companies start on the trial plan, with a trial of BILLING_TRIAL_DAYS (14).
    assert.equal(tenant.planCode, 'trial')
    const account = await BillingAccount.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .firstOrFail()
    const trialDays = account.trialEndsAt!.diff(tenant.createdAt, 'days').days
    assert.closeTo(trialDays, 14, 0.01)
    assert.isNull(tenant.taxIdDv)

    const user = await User.findByOrFail('email', 'gabriela@pichincha.test')
    assert.isFalse(user.isSuperAdmin)
    assert.isNull(user.emailVerifiedAt)
    assert.notEqual(user.password, 'montaña-azul-2024')

    const membership = await Membership.query({ withoutTenantScope: INSPECT })
      .where('user_id', user.id)
      .firstOrFail()
    assert.equal(membership.tenantId, tenant.id)
    assert.equal(membership.role, 'OWNER')
    assert.isTrue(membership.isDefault)

    const logs = await AuditLog.query({ withoutTenantScope: INSPECT })
      .where('tenant_id', tenant.id)
      .orderBy('id')
    const actions = logs.map((row) => row.action)
    assert.includeMembers(actions, ['tenant.registered', 'user.registered'])

    mails.assertSent(VerifyEmailMail, (sent) => {
      return sent.url.includes('/verify-email/') && sent.message.hasTo('gabriela@pichincha.test')
    })
  })

  test('the new owner signs in with the chosen password and lands in the new company', async ({
    client,
  }) => {
    await client.post('/register').form(ecuadorCompany()).withCsrfToken().redirects(0)
    const login = await client
      .post('/login')
      .form({ email: 'gabriela@pichincha.test', password: 'montaña-azul-2024' })
      .withCsrfToken()
      .redirects(0)
    login.assertHeader('location', '/app')
    const user = await User.findByOrFail('email', 'gabriela@pichincha.test')
    const tenant = await Tenant.findByOrFail('tax_id', '1792146739001')
    const dashboard = await client.get('/app').loginAs(user).withInertia()
    dashboard.assertInertiaPropsContains({ tenant: { id: tenant.id } })
  })

  test('a Panama company registers with its RUC and DV', async ({ client, assert }) => {
    const response = await client
      .post('/register')
      .form(
        ecuadorCompany({
          country: 'PA',
          taxId: '155596713-2-2015',
          taxIdDv: '59',
          tradeName: 'Istmo Digital',
          email: 'owner@istmo-digital.test',
        })
      )
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const tenant = await Tenant.findByOrFail('tax_id', '155596713-2-2015')
    assert.equal(tenant.country, 'PA')
    assert.equal(tenant.taxIdDv, '59')
  })

  test('the slug is unique: a second company with the same name gets a suffix', async ({
    client,
    assert,
  }) => {
    await createTenant({ slug: 'comercial-pichincha' })
    await client.post('/register').form(ecuadorCompany()).withCsrfToken().redirects(0)
    const tenant = await Tenant.findByOrFail('tax_id', '1792146739001')
    assert.equal(tenant.slug, 'comercial-pichincha-2')
  })

  test('weak passwords are refused with the reason', async ({ client }) => {
    const noDigits = await client
      .post('/register')
      .form(
        ecuadorCompany({ password: 'solamenteletras', password_confirmation: 'solamenteletras' })
      )
      .withCsrfToken()
      .redirects(0)
    noDigits.assertValidationError('password', 'La contraseña debe combinar letras y números.')

    const short = await client
      .post('/register')
      .form(ecuadorCompany({ password: 'abc123', password_confirmation: 'abc123' }))
      .withCsrfToken()
      .redirects(0)
    short.assertValidationError(
      'password',
      'La contraseña es demasiado corta: usa al menos 10 caracteres, con letras y números.'
    )

    const mismatch = await client
      .post('/register')
      .form(ecuadorCompany({ password_confirmation: 'otra-clave-2024' }))
      .withCsrfToken()
      .redirects(0)
    mismatch.assertValidationError('password_confirmation', 'Las contraseñas no coinciden.')
  })

  test('malformed tax ids are refused with a precise message', async ({ client }) => {
    const short = await client
      .post('/register')
      .form(ecuadorCompany({ taxId: '17921467' }))
      .withCsrfToken()
      .redirects(0)
    short.assertValidationError(
      'taxId',
      'El RUC tiene 13 dígitos, sin letras (por ejemplo 1792146739001).'
    )

    const suffix = await client
      .post('/register')
      .form(ecuadorCompany({ taxId: '1792146739002' }))
      .withCsrfToken()
      .redirects(0)
    suffix.assertValidationError('taxId', 'El RUC de un emisor termina en 001.')

    const checkDigit = await client
      .post('/register')
      .form(ecuadorCompany({ taxId: '1712345678001' }))
      .withCsrfToken()
      .redirects(0)
    checkDigit.assertHasValidationError('taxId')

    const panamaDv = await client
      .post('/register')
      .form(ecuadorCompany({ country: 'PA', taxId: '155596713-2-2015', taxIdDv: '58' }))
      .withCsrfToken()
      .redirects(0)
    panamaDv.assertValidationError(
      'taxIdDv',
      'El dígito verificador 58 no corresponde al RUC 155596713-2-2015.'
    )

    const panamaShape = await client
      .post('/register')
      .form(ecuadorCompany({ country: 'PA', taxId: 'RUC-XYZ', taxIdDv: '12' }))
      .withCsrfToken()
      .redirects(0)
    panamaShape.assertHasValidationError('taxId')

    const panamaNoDv = await client
      .post('/register')
      .form(ecuadorCompany({ country: 'PA', taxId: '155596713-2-2015' }))
      .withCsrfToken()
      .redirects(0)
    panamaNoDv.assertHasValidationError('taxIdDv')
  })

  test('messages follow the language: English', async ({ client }) => {
    const response = await client
      .post('/register')
      .form(ecuadorCompany({ taxId: '17921467' }))
      .header('accept-language', 'en')
      .withCsrfToken()
      .redirects(0)
    response.assertValidationError(
      'taxId',
      'A RUC has 13 digits and no letters (for example 1792146739001).'
    )
  })

  test('a tax id already registered is refused', async ({ client }) => {
    await createTenant({ taxId: '1792146739001' })
    const response = await client
      .post('/register')
      .form(ecuadorCompany())
      .withCsrfToken()
      .redirects(0)
    response.assertValidationError(
      'taxId',
      'Este RUC ya está registrado en Facturo. Si es tu empresa, pide a su propietario que te invite.'
    )
  })

  test('empty and absurd input never gives a 500', async ({ client }) => {
    const empty = await client.post('/register').form({}).withCsrfToken().redirects(0)
    empty.assertStatus(302)
    empty.assertHasValidationError('country')
    empty.assertHasValidationError('email')

    const absurd = await client
      .post('/register')
      .json({ ...ecuadorCompany(), country: 'XX', taxId: ['array'], email: 42 })
      .withCsrfToken()
      .redirects(0)
    absurd.assertStatus(302)
    absurd.assertHasValidationError('country')
  })

  test('a signed-in user is kept away from the form', async ({ client }) => {
    const user = await createUser()
    const response = await client.get('/register').loginAs(user).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/app')
  })
})
