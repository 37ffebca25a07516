import { test } from '@japa/runner'

test.group('Error pages', () => {
  test('an unknown URL renders the 404 page through Inertia', async ({ client }) => {
    const response = await client.get('/no-such-page').withInertia()

    response.assertStatus(404)
    response.assertInertiaComponent('errors/not_found')
  })

  test('the 404 page is server-rendered in Spanish for a browser', async ({ client, assert }) => {
    const response = await client.get('/no-such-page')

    response.assertStatus(404)
    assert.include(response.text(), 'Página no encontrada')
  })
})
