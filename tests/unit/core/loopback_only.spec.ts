import { test } from '@japa/runner'
import { IncomingMessage } from 'node:http'
import { Socket } from 'node:net'
import { errors } from '@adonisjs/core'
import { HttpContextFactory, RequestFactory } from '@adonisjs/core/factories/http'
import LoopbackOnlyMiddleware, {
  isLoopbackAddress,
} from '#core/middleware/loopback_only_middleware'

/** A context whose socket comes from `remoteAddress`, carrying `headers`. */
function contextFrom(remoteAddress: string, headers: Record<string, string> = {}) {
  const socket = new Socket()
  Object.defineProperty(socket, 'remoteAddress', { value: remoteAddress })
  const req = new IncomingMessage(socket)
  req.url = '/dev/mail'
  req.method = 'GET'
  req.headers = headers
  const request = new RequestFactory().merge({ req }).create()
  return new HttpContextFactory().merge({ request }).create()
}

async function outcome(remoteAddress: string, headers: Record<string, string> = {}) {
  let passed = false
  try {
    await new LoopbackOnlyMiddleware().handle(contextFrom(remoteAddress, headers), async () => {
      passed = true
    })
  } catch (error) {
    if (error instanceof errors.E_ROUTE_NOT_FOUND) return 404
    throw error
  }
  return passed ? 'next' : 'stopped'
}

test.group('Loopback-only development tools', () => {
  test('loopback addresses, in every spelling', ({ assert }) => {
    for (const address of ['127.0.0.1', '127.0.0.2', '127.255.0.9', '::1', '::ffff:127.0.0.1']) {
      assert.isTrue(isLoopbackAddress(address), address)
    }
    for (const address of [
      '192.0.2.2',
      '10.0.0.1',
      '0.0.0.0',
      '::',
      'fd00::2',
      '::ffff:192.0.2.2',
      '128.0.0.1',
      'localhost',
      '',
      undefined,
    ]) {
      assert.isFalse(isLoopbackAddress(address), String(address))
    }
  })

  test('the socket decides: a forged X-Forwarded-For does not open the door', async ({
    assert,
  }) => {
    assert.equal(await outcome('127.0.0.1'), 'next')
    assert.equal(await outcome('::1'), 'next')
    assert.equal(await outcome('192.0.2.2'), 404)
    assert.equal(await outcome('203.0.113.5', { 'x-forwarded-for': '127.0.0.1' }), 404)
    assert.equal(await outcome('203.0.113.5', { 'x-real-ip': '127.0.0.1' }), 404)
  })
})
