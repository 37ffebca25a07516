import { test } from '@japa/runner'

test.group('Landing page', () => {
  test('renders the landing page through Inertia with the plans for sale', async ({ client }) => {
    const response = await client.get('/').withInertia()

    response.assertStatus(200)
    response.assertInertiaComponent('site/landing')
    response.assertInertiaPropsContains({
      locale: 'es',
      trialDays: 14,
      plans: [
        {
          code: 'basico',
          name: 'Básico',
          priceMonthly: '29.00',
          limits: { documentsPerMonth: 100, establishments: 1, users: 2, apiAccess: false },
          supportLevel: 'email',
        },
        {
          code: 'profesional',
          priceMonthly: '59.00',
          limits: { documentsPerMonth: 500, establishments: 3, users: 5, apiAccess: false },
        },
        {
          code: 'empresarial',
          priceMonthly: '119.00',
          limits: { documentsPerMonth: 2000, establishments: 10, users: 20, apiAccess: true },
        },
      ],
    })
  })

  test('server-renders the page text inside the app root', async ({ client, assert }) => {
    const response = await client.get('/')

    response.assertStatus(200)
    const html = response.text()
    const root = html.slice(html.indexOf('<div id="app"'))
    assert.include(root, 'Emite facturas electrónicas válidas en minutos')
    assert.include(html, '<html lang="es">')
  })

  test('follows the Accept-Language header', async ({ client }) => {
    const response = await client.get('/').header('accept-language', 'en-US,en;q=0.9').withInertia()

    response.assertInertiaPropsContains({ locale: 'en' })
  })

  test('the language switch keeps English in the session', async ({ client }) => {
    const switched = await client
      .post('/locale')
      .form({ locale: 'en' })
      .withCsrfToken()
      .redirects(0)

    switched.assertStatus(302)
    switched.assertSession('locale', 'en')
  })

  test('rejects an unknown language with a validation error, not a 500', async ({ client }) => {
    const response = await client
      .post('/locale')
      .form({ locale: 'xx' })
      .header('referer', '/')
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertSessionMissing('locale')
    response.assertHasValidationError('locale')
  })
})
