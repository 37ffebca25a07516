import { test } from '@japa/runner'

test.group('Health endpoint', () => {
  test('reports database, Redis and queue as healthy', async ({ client, assert }) => {
    const response = await client.get('/health')

    response.assertStatus(200)
    const body = response.body()
    assert.equal(body.status, 'ok')
    assert.equal(body.checks.database.status, 'ok')
    assert.equal(body.checks.redis.status, 'ok')
    assert.equal(body.checks.queue.status, 'ok')
    assert.properties(body.checks.queue.details, ['waiting', 'active', 'delayed', 'failed'])
  })
})
