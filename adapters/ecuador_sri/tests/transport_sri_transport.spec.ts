/*
 * The SOAP transport against the SRI simulator (in process, free port):
 * every reply shape and every fault mode.
 */
import { closedPort } from '#adapters/core/testing/ports'
import { test } from '@japa/runner'
import { TaxConfigError, TaxTransportError } from '#adapters/core/errors'
import { startSriSimulator, type SriSimulator } from '#adapters/ecuador_sri/simulator/server'
import { OFFICIAL_SRI_ENDPOINTS, SriTransport } from '#adapters/ecuador_sri/transport/sri_transport'
import { sampleComprobante, signedSample } from '#adapters/ecuador_sri/tests/simulator_fixtures'
import { errorOf, rejectionOf } from '#adapters/core/testing/errors'
import { waitUntil } from '#adapters/core/testing/wait_until'

/** The E_TAX_TRANSPORT `promise` rejects with (the test fails if it resolves), always retryable. */
async function expectTransportError(promise: Promise<unknown>, assert: { isTrue: Function }) {
  const error = await rejectionOf(promise, TaxTransportError)
  assert.isTrue(error.retryable)
  return error
}

test.group('SRI transport | endpoints', () => {
  test('endpointsFor gives the official pruebas and producción URLs', ({ assert }) => {
    assert.deepEqual(SriTransport.endpointsFor('test'), {
      receptionUrl:
        'https://celcer.sri.gob.ec/comprobantes-electronicos-ws/RecepcionComprobantesOffline',
      authorizationUrl:
        'https://celcer.sri.gob.ec/comprobantes-electronicos-ws/AutorizacionComprobantesOffline',
    })
    assert.deepEqual(SriTransport.endpointsFor('production'), {
      receptionUrl:
        'https://cel.sri.gob.ec/comprobantes-electronicos-ws/RecepcionComprobantesOffline',
      authorizationUrl:
        'https://cel.sri.gob.ec/comprobantes-electronicos-ws/AutorizacionComprobantesOffline',
    })
    assert.deepEqual(SriTransport.endpointsFor('test'), OFFICIAL_SRI_ENDPOINTS.test)
  })

  test('overrides replace the official URLs; empty ones are ignored', ({ assert }) => {
    const endpoints = SriTransport.endpointsFor('production', {
      receptionUrl:
        'http://127.0.0.1:3401/comprobantes-electronicos-ws/RecepcionComprobantesOffline',
      authorizationUrl: '',
    })
    assert.equal(
      endpoints.receptionUrl,
      'http://127.0.0.1:3401/comprobantes-electronicos-ws/RecepcionComprobantesOffline'
    )
    assert.equal(endpoints.authorizationUrl, OFFICIAL_SRI_ENDPOINTS.production.authorizationUrl)
  })

  test('a URL with ?wsdl is accepted; a bad URL is a configuration error', ({ assert }) => {
    const transport = new SriTransport({
      receptionUrl:
        'https://celcer.sri.gob.ec/comprobantes-electronicos-ws/RecepcionComprobantesOffline?wsdl',
      authorizationUrl: OFFICIAL_SRI_ENDPOINTS.test.authorizationUrl,
    })
    assert.equal(transport.receptionUrl, OFFICIAL_SRI_ENDPOINTS.test.receptionUrl)
    assert.equal(transport.timeoutMs, 20_000)
    assert.throws(
      () => new SriTransport({ receptionUrl: 'no es una url', authorizationUrl: 'x' }),
      /SRI_RECEPTION_URL/
    )
    const error = errorOf(
      () => new SriTransport({ receptionUrl: 'ftp://sri', authorizationUrl: 'ftp://sri' }),
      TaxConfigError
    )
    assert.include(error.messages.es, 'http')
  })
})

test.group('SRI transport | against the simulator', (group) => {
  let simulator: SriSimulator
  let transport: SriTransport

  group.setup(async () => {
    simulator = await startSriSimulator({ port: 0 })
    return () => simulator.close()
  })
  group.each.setup(() => {
    simulator.reset()
    transport = new SriTransport({
      receptionUrl: simulator.receptionUrl,
      authorizationUrl: simulator.authorizationUrl,
      timeoutMs: 1500,
    })
    return () => transport.close()
  })

  test('RECIBIDA, then AUTORIZADO with number, date and the authorized XML', async ({ assert }) => {
    const sample = signedSample()
    const submitted = await transport.submit(sample.xml)
    assert.equal(submitted.status, 'received')
    assert.deepEqual(submitted.messages, [])
    assert.include(submitted.raw, 'RECIBIDA')
    assert.isUndefined(submitted.decision)

    const before = Date.now()
    const status = await transport.checkStatus(sample.accessKey)
    assert.equal(status.status, 'authorized')
    assert.equal(status.authorizationNumber, sample.accessKey)
    assert.equal(status.authorizedDocument, sample.xml)
    assert.equal(status.environment, 'PRUEBAS')
    assert.instanceOf(status.authorizedAt, Date)
    assert.approximately(status.authorizedAt!.getTime(), before, 5000)
    assert.include(status.raw, '<![CDATA[')
  })

  test('the XML travels base64-encoded and byte-exact (accents, ampersands)', async ({
    assert,
  }) => {
    const sample = signedSample({ buyerName: 'MUÑOZ &amp; ASOCIADOS CÍA. LTDA.' })
    assert.equal(await transport.submit(sample.xml).then((reply) => reply.status), 'received')
    const status = await transport.checkStatus(sample.accessKey)
    assert.equal(status.authorizedDocument, sample.xml)
    assert.include(status.authorizedDocument!, 'MUÑOZ &amp; ASOCIADOS CÍA. LTDA.')
  })

  test('a clave SRI never received is unknown', async ({ assert }) => {
    const { accessKey } = sampleComprobante()
    const status = await transport.checkStatus(accessKey)
    assert.equal(status.status, 'unknown')
    assert.equal(status.documentCount, 0)
  })

  test('DEVUELTA 35 (returned35) is rejected with decision fail', async ({ assert }) => {
    simulator.setFault({ mode: 'returned35' })
    const result = await transport.submit(signedSample().xml)
    assert.equal(result.status, 'rejected')
    assert.equal(result.messages[0].code, '35')
    assert.equal(result.messages[0].text, 'ARCHIVO NO CUMPLE ESTRUCTURA XML')
    assert.equal(result.decision?.action, 'fail')
  })

  test('malformed XML is DEVUELTA 35 with the parser detail', async ({ assert }) => {
    const result = await transport.submit('<factura id="comprobante"><infoTributaria></factura>')
    assert.equal(result.status, 'rejected')
    assert.equal(result.messages[0].code, '35')
    assert.match(result.messages[0].additionalInfo!, /mal formado/)
  })

  test('a resend of a received clave is DEVUELTA 43 → query, and the status is still there', async ({
    assert,
  }) => {
    const sample = signedSample()
    await transport.submit(sample.xml)
    const again = await transport.submit(sample.xml)
    assert.equal(again.status, 'rejected')
    assert.equal(again.messages[0].code, '43')
    assert.equal(again.messages[0].text, 'CLAVE ACCESO REGISTRADA')
    assert.deepEqual(again.accessKeys, [sample.accessKey])
    assert.equal(again.decision?.action, 'query')
    assert.equal(
      await transport.checkStatus(sample.accessKey).then((reply) => reply.status),
      'authorized'
    )
    assert.equal(await transport.submit(sample.xml).then((reply) => reply.messages[0].code), '43')
  })

  test('error70 for 2 polls: EN PROCESO 70 → pending (query), then AUTORIZADO', async ({
    assert,
  }) => {
    const sample = signedSample()
    simulator.setFault({ mode: 'error70', polls: 2, accessKey: sample.accessKey })
    await transport.submit(sample.xml)

    for (let poll = 0; poll < 2; poll++) {
      const pending = await transport.checkStatus(sample.accessKey)
      assert.equal(pending.status, 'pending')
      assert.equal(pending.messages[0].code, '70')
      assert.equal(pending.decision?.action, 'query')
    }
    // A resend while in process would be 70 too; this one comes after recovery.
    const authorized = await transport.checkStatus(sample.accessKey)
    assert.equal(authorized.status, 'authorized')
    assert.deepEqual(simulator.faults, [])
  })

  test('a resend during error70 is DEVUELTA 70 → query', async ({ assert }) => {
    const sample = signedSample()
    simulator.setFault({ mode: 'error70', polls: 1, accessKey: sample.accessKey })
    await transport.submit(sample.xml)
    const again = await transport.submit(sample.xml)
    assert.equal(again.messages[0].code, '70')
    assert.equal(again.decision?.action, 'query')
  })

  test('reject39: NO AUTORIZADO 39 → rejected, decision fail', async ({ assert }) => {
    simulator.setFault({ mode: 'reject39', times: 1 })
    const sample = signedSample()
    assert.equal(await transport.submit(sample.xml).then((reply) => reply.status), 'received')
    const status = await transport.checkStatus(sample.accessKey)
    assert.equal(status.status, 'rejected')
    assert.equal(status.messages[0].code, '39')
    assert.equal(status.messages[0].text, 'FIRMA INVALIDA')
    assert.equal(status.decision?.action, 'fail')
    assert.match(status.decision!.message.es, /certificado/)
  })

  test('a broken signature is RECIBIDA, then NO AUTORIZADO 39', async ({ assert }) => {
    const sample = signedSample()
    const tampered = sample.xml.replace('<importeTotal>11.50<', '<importeTotal>1.50<')
    assert.equal(await transport.submit(tampered).then((reply) => reply.status), 'received')
    const status = await transport.checkStatus(sample.accessKey)
    assert.equal(status.status, 'rejected')
    assert.equal(status.messages[0].code, '39')
  })

  test('after NO AUTORIZADO a corrected resend is authorized; AUTORIZADO wins over the older entry', async ({
    assert,
  }) => {
    const sample = signedSample()
    const tampered = sample.xml.replace('Servicio de prueba', 'Servicio alterado')
    await transport.submit(tampered)
    assert.equal(
      await transport.checkStatus(sample.accessKey).then((reply) => reply.status),
      'rejected'
    )

    assert.equal(await transport.submit(sample.xml).then((reply) => reply.status), 'received')
    const status = await transport.checkStatus(sample.accessKey)
    assert.lengthOf(status.entries, 2)
    assert.equal(status.entries[0].state, 'NO AUTORIZADO')
    assert.equal(status.status, 'authorized')
    assert.equal(status.authorizedDocument, sample.xml)
  })

  test('down: the dropped connection is E_TAX_TRANSPORT (retryable, cause kept); recovery after', async ({
    assert,
  }) => {
    const sample = signedSample()
    simulator.setFault({ mode: 'down', times: 1 })
    const error = await expectTransportError(transport.submit(sample.xml), assert)
    assert.exists(error.cause)
    assert.equal(error.i18nKey, 'sri.transport.connection_reset')
    // Recovered: the fault was for one request.
    assert.equal(await transport.submit(sample.xml).then((reply) => reply.status), 'received')
  })

  test('down for one clave only leaves the others alone', async ({ assert }) => {
    const broken = signedSample()
    const fine = signedSample()
    // Clients first, so only the SOAP calls are affected.
    await transport.checkStatus(fine.accessKey)
    await transport.submit(signedSample().xml)
    simulator.setFault({ mode: 'down', accessKey: broken.accessKey })
    await expectTransportError(transport.submit(broken.xml), assert)
    await expectTransportError(transport.checkStatus(broken.accessKey), assert)
    assert.equal(await transport.submit(fine.xml).then((reply) => reply.status), 'received')
    simulator.clearFaults(broken.accessKey)
    assert.equal(await transport.submit(broken.xml).then((reply) => reply.status), 'received')
  })

  test('connection refused is E_TAX_TRANSPORT (retryable)', async ({ assert }) => {
    const port = await closedPort()
    const offline = new SriTransport({
      receptionUrl: `http://127.0.0.1:${port}/comprobantes-electronicos-ws/RecepcionComprobantesOffline`,
      authorizationUrl: `http://127.0.0.1:${port}/comprobantes-electronicos-ws/AutorizacionComprobantesOffline`,
      timeoutMs: 1000,
    })
    const error = await expectTransportError(offline.submit(signedSample().xml), assert)
    assert.equal(error.i18nKey, 'sri.transport.connection_refused')
    assert.equal((error.cause as { code?: string }).code, 'ECONNREFUSED')
    await offline.close()
  })

  test('slow beyond the timeout is E_TAX_TRANSPORT; SRI got it anyway, so resend says 43', async ({
    assert,
  }) => {
    const sample = signedSample()
    await transport.checkStatus(sample.accessKey)
    await transport.submit(signedSample().xml)
    simulator.setFault({ mode: 'slow', delayMs: 2500, times: 1, service: 'reception' })
    const error = await expectTransportError(transport.submit(sample.xml), assert)
    // Our side gave up (the timeout), while the simulator was still holding the reply.
    assert.equal(error.i18nKey, 'sri.transport.timeout')
    assert.notExists(simulator.state.find((entry) => entry.accessKey === sample.accessKey))
    // SRI processes the late request anyway; query before any resend.
    await waitUntil('the late reception to reach the simulator', () =>
      simulator.state.find((entry) => entry.accessKey === sample.accessKey)
    )
    assert.equal(
      await transport.checkStatus(sample.accessKey).then((reply) => reply.status),
      'authorized'
    )
    assert.equal(await transport.submit(sample.xml).then((reply) => reply.messages[0].code), '43')
  })

  test('slow within the timeout just takes longer', async ({ assert }) => {
    simulator.setFault({ mode: 'slow', delayMs: 300, times: 2 })
    const started = Date.now()
    assert.equal(
      await transport.submit(signedSample().xml).then((reply) => reply.status),
      'received'
    )
    assert.isAtLeast(Date.now() - started, 300)
  })

  test('http500 is E_TAX_TRANSPORT (retryable) with the HTTP response as cause', async ({
    assert,
  }) => {
    await transport.submit(signedSample().xml)
    simulator.setFault({ mode: 'http500', service: 'reception', times: 1 })
    const error = await expectTransportError(transport.submit(signedSample().xml), assert)
    assert.equal(error.i18nKey, 'sri.transport.http_5xx')
    assert.equal((error.cause as { response?: { status?: number } }).response?.status, 500)
    assert.equal(
      await transport.submit(signedSample().xml).then((reply) => reply.status),
      'received'
    )
  })

  test('a run-wide outage also fails the WSDL download; the client is retried, not cached broken', async ({
    assert,
  }) => {
    simulator.setFault({ mode: 'http500' })
    await expectTransportError(transport.checkStatus(signedSample().accessKey), assert)
    simulator.clearFaults()
    assert.equal(
      await transport.checkStatus(signedSample().accessKey).then((reply) => reply.status),
      'unknown'
    )
  })

  test('a wrong path (HTTP 404) is a configuration error, not retryable', async ({ assert }) => {
    const wrong = new SriTransport({
      receptionUrl: `${simulator.url}/no-existe/RecepcionComprobantesOffline`,
      authorizationUrl: `${simulator.url}/no-existe/AutorizacionComprobantesOffline`,
      timeoutMs: 1000,
    })
    try {
      const error = await rejectionOf(wrong.submit(signedSample().xml), TaxConfigError)
      assert.equal(error.i18nKey, 'sri.transport.http_4xx')
      assert.isFalse(error.retryable)
    } finally {
      await wrong.close()
    }
  })

  test('legacy dd/MM/yyyy dates from the service are read as Ecuador time', async ({ assert }) => {
    simulator.configure({ dateFormat: 'legacy' })
    try {
      const sample = signedSample()
      await transport.submit(sample.xml)
      const status = await transport.checkStatus(sample.accessKey)
      assert.match(status.entries[0].authorizedAtText!, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/)
      assert.approximately(status.authorizedAt!.getTime(), Date.now(), 5000)
    } finally {
      simulator.configure({ dateFormat: 'iso' })
    }
  })

  test('the WSDL is downloaded once and the client reused; close() is idempotent and reopens', async ({
    assert,
  }) => {
    // A simulator of its own: a new URL, so no WSDL is cached for it yet.
    const fresh = await startSriSimulator({ port: 0 })
    const client = new SriTransport({
      receptionUrl: fresh.receptionUrl,
      authorizationUrl: fresh.authorizationUrl,
      timeoutMs: 1500,
    })
    try {
      const statuses = await Promise.all(
        [1, 2, 3].map(async () => {
          const submitted = await client.submit(signedSample().xml)
          const queried = await client.checkStatus(sampleComprobante().accessKey)
          return [submitted.status, queried.status]
        })
      )
      assert.deepEqual(statuses, Array(3).fill(['received', 'unknown']))
      assert.deepEqual(fresh.stats, {
        wsdl: { reception: 1, authorization: 1 },
        calls: { reception: 3, authorization: 3 },
      })
      await client.close()
      await client.close()
      assert.equal(
        await client.submit(signedSample().xml).then((reply) => reply.status),
        'received'
      )
      assert.equal(fresh.stats.calls.reception, 4)
    } finally {
      await client.close()
      await fresh.close()
    }
  })
})
