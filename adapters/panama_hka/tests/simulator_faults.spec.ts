/*
 * The simulator's fault modes, seen from Facturo's SOAP client: what each
 * one does to a call, what it leaves behind in the simulator, and that it
 * stops after `times`.
 */
import { test } from '@japa/runner'
import { TaxTransportError } from '#adapters/core/errors'
import { PanamaAuthority } from '#adapters/panama_hka/panama_authority'
import { parseDocumentKey } from '#adapters/panama_hka/document_key'
import { HkaTransport } from '#adapters/panama_hka/transport/hka_transport'
import { startHkaSimulator, type HkaSimulator } from '#adapters/panama_hka/simulator/server'

/** A field of what a promise resolves to. */
async function at<T, R>(promise: Promise<T>, pick: (value: T) => R): Promise<R> {
  return pick(await promise)
}
import { SAMPLE_TOKENS, sampleInvoice, sampleIssuer } from '#adapters/panama_hka/testing/fixtures'

let simulator: HkaSimulator
let transport: HkaTransport
let sequence = 500

async function signed() {
  const authority = new PanamaAuthority()
  const number = ++sequence
  const built = await authority.buildDocument(sampleInvoice(number), sampleIssuer())
  const { body } = await authority.sign(built, sampleIssuer())
  return { body, data: parseDocumentKey(built.authorityKey)!, number: String(number) }
}

async function failure(call: Promise<unknown>): Promise<TaxTransportError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught
  )
  if (!(error instanceof TaxTransportError))
    throw new Error(`expected E_TAX_TRANSPORT, got ${error}`)
  return error
}

test.group('HKA simulator | fault modes', (group) => {
  group.setup(async () => {
    simulator = await startHkaSimulator({ port: 0 })
    transport = new HkaTransport({ url: simulator.serviceUrl, timeoutMs: 1_000 })
    return async () => {
      await transport.close()
      await simulator.close()
    }
  })
  group.each.setup(() => simulator.reset())

  test('down: the connection drops; after `times` it recovers', async ({ assert }) => {
    simulator.setFault({ mode: 'down', times: 1 })
    const error = await failure(transport.foliosRestantes(SAMPLE_TOKENS))
    assert.equal(error.i18nKey, 'hka.transport.connection_reset')
    assert.isTrue(await at(transport.foliosRestantes(SAMPLE_TOKENS), (value) => value.ok))
  })

  test('slow: later than the client waits is a timeout; shorter is a normal reply', async ({
    assert,
  }) => {
    simulator.setFault({ mode: 'slow', delayMs: 1_500, times: 1 })
    const error = await failure(transport.foliosRestantes(SAMPLE_TOKENS))
    assert.equal(error.i18nKey, 'hka.transport.timeout')
    simulator.setFault({ mode: 'slow', delayMs: 20, times: 1 })
    assert.isTrue(await at(transport.foliosRestantes(SAMPLE_TOKENS), (value) => value.ok))
  })

  test('http500: an error page, retryable', async ({ assert }) => {
    simulator.setFault({ mode: 'http500', operation: 'EstadoDocumento', times: 1 })
    const { data } = await signed()
    const error = await failure(transport.estadoDocumento(SAMPLE_TOKENS, data))
    assert.equal(error.i18nKey, 'hka.transport.http_5xx')
    // Only the operation named was hit.
    assert.isTrue(await at(transport.foliosRestantes(SAMPLE_TOKENS), (value) => value.ok))
  })

  test('timeout_after_accept: authorized and a folio spent, but no reply', async ({ assert }) => {
    simulator.setFault({ mode: 'timeout_after_accept', times: 1 })
    const { body, data } = await signed()
    const error = await failure(transport.enviar(SAMPLE_TOKENS, body))
    assert.oneOf(error.i18nKey, ['hka.transport.connection_reset', 'hka.transport.timeout'])
    const status = await transport.estadoDocumento(SAMPLE_TOKENS, data)
    assert.equal(status.status, 'Autorizada')
    assert.equal(await at(transport.foliosRestantes(SAMPLE_TOKENS), (value) => value.cycleUsed), 1)
    // A blind resend would be a duplicate.
    const resent = await transport.enviar(SAMPLE_TOKENS, body)
    assert.deepEqual(
      resent.messages.map((message) => message.code),
      ['1513']
    )
  })

  test('duplicate: 1513, and the document is there under its number', async ({ assert }) => {
    simulator.setFault({ mode: 'duplicate', times: 1 })
    const { body, data } = await signed()
    const reply = await transport.enviar(SAMPLE_TOKENS, body)
    assert.equal(reply.messages[0].code, '1513')
    assert.equal(
      await at(transport.estadoDocumento(SAMPLE_TOKENS, data), (value) => value.status),
      'Autorizada'
    )
  })

  test('data_error: a DGI refusal, nothing stored, no folio spent', async ({ assert }) => {
    simulator.setFault({ mode: 'data_error', times: 1 })
    const { body, data } = await signed()
    const reply = await transport.enviar(SAMPLE_TOKENS, body)
    assert.deepEqual(
      reply.messages.map((message) => [message.code, message.severity]),
      [['2007', 'error']]
    )
    assert.equal(
      await at(transport.estadoDocumento(SAMPLE_TOKENS, data), (value) => value.codigo),
      '404'
    )
    assert.equal(await at(transport.foliosRestantes(SAMPLE_TOKENS), (value) => value.cycleUsed), 0)
    simulator.setFault({ mode: 'data_error', message: '1508-Tiempo excesivo de envío', times: 1 })
    assert.equal(
      await at(transport.enviar(SAMPLE_TOKENS, body), (value) => value.messages[0].code),
      '1508'
    )
  })

  test('no_folios: refused for folios', async ({ assert }) => {
    simulator.setFault({ mode: 'no_folios', times: 1 })
    const { body } = await signed()
    const reply = await transport.enviar(SAMPLE_TOKENS, body)
    assert.equal(reply.messages[0].code, 'HKA-FOLIOS')
    assert.isTrue(await at(transport.enviar(SAMPLE_TOKENS, body), (value) => value.ok))
  })

  test('a fault for one document number leaves the others alone', async ({ assert }) => {
    const first = await signed()
    const second = await signed()
    simulator.setFault({ mode: 'down', number: first.number })
    await failure(transport.enviar(SAMPLE_TOKENS, first.body))
    assert.isTrue(await at(transport.enviar(SAMPLE_TOKENS, second.body), (value) => value.ok))
    await failure(transport.estadoDocumento(SAMPLE_TOKENS, first.data))
    simulator.clearFaults(first.number)
    assert.isTrue(await at(transport.enviar(SAMPLE_TOKENS, first.body), (value) => value.ok))
  })
})
