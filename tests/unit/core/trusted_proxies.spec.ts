import { test } from '@japa/runner'
import { IncomingMessage } from 'node:http'
import { Socket } from 'node:net'
import { RequestFactory } from '@adonisjs/core/factories/http'
import { trustedProxies } from '#config/app'

/** A request that arrived on a socket from `remoteAddress`, with the given headers. */
function requestFrom(remoteAddress: string, headers: Record<string, string>, proxies: string) {
  const socket = new Socket()
  Object.defineProperty(socket, 'remoteAddress', { value: remoteAddress })
  const req = new IncomingMessage(socket)
  req.headers = headers
  return new RequestFactory()
    .merge({ req, config: { trustProxy: trustedProxies(proxies) } })
    .create()
}

test.group('Trusted proxies (TRUSTED_PROXIES)', () => {
  test('empty: X-Forwarded-For is ignored, the socket address counts', ({ assert }) => {
    for (const remote of ['127.0.0.1', '10.0.0.5', '192.0.2.2']) {
      const request = requestFrom(remote, { 'x-forwarded-for': '203.0.113.9' }, '')
      assert.equal(request.ip(), remote)
    }
    assert.equal(requestFrom('127.0.0.1', { 'x-forwarded-proto': 'https' }, '').protocol(), 'http')
  })

  test('listed proxies are believed, others are not', ({ assert }) => {
    const proxies = '10.0.0.0/8, 192.0.2.7'
    assert.equal(
      requestFrom('10.1.2.3', { 'x-forwarded-for': '203.0.113.9' }, proxies).ip(),
      '203.0.113.9'
    )
    assert.equal(
      requestFrom('192.0.2.7', { 'x-forwarded-for': '203.0.113.9' }, proxies).ip(),
      '203.0.113.9'
    )
    assert.equal(
      requestFrom('192.0.2.8', { 'x-forwarded-for': '203.0.113.9' }, proxies).ip(),
      '192.0.2.8'
    )
    // A client behind the trusted proxy cannot choose its address by
    // prepending its own entries: the rightmost untrusted one counts.
    assert.equal(
      requestFrom('10.1.2.3', { 'x-forwarded-for': '1.2.3.4, 203.0.113.9' }, proxies).ip(),
      '203.0.113.9'
    )
  })

  test("proxy-addr's names work (loopback)", ({ assert }) => {
    assert.equal(
      requestFrom('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }, 'loopback').ip(),
      '203.0.113.9'
    )
  })

  test('a malformed list stops the server at boot with the bad entry named', ({ assert }) => {
    assert.throws(() => trustedProxies('10.0.0.0/8, not-an-ip'), /not-an-ip/)
  })
})
