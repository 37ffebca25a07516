import { test } from '@japa/runner'

test.group('Landing page', () => {
  test('renders the landing page through Inertia with the plans', async ({ client }) => {
    const response = await client.get('/').withInertia()

    response.assertStatus(200)
    response.assertInertiaComponent('site/landing')
    response.assertInertiaPropsContains({
      locale: 'es',
      plans: [
        { code: 'basico', priceMonthly: '29.00' },
        { code: 'profesional', priceMonthly: '59.00' },
        { code: 'empresarial', priceMonthly: '119.00' },
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
