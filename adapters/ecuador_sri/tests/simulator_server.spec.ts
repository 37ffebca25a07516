/*
 * The SRI simulator as a server: its WSDLs, raw SOAP exchanges like any SRI
 * client would send, the decision rules and the JSON control API.
 */
import { test } from '@japa/runner'
import * as soap from 'soap'
import {
  AUTHORIZATION_PATH,
  RECEPTION_PATH,
  startSriSimulator,
  type SriSimulator,
} from '#adapters/ecuador_sri/simulator/server'
import { SriTransport } from '#adapters/ecuador_sri/transport/sri_transport'
import { signedSample } from '#adapters/ecuador_sri/tests/simulator_fixtures'
import { waitUntil } from '#adapters/core/testing/wait_until'

/** A SOAP 1.1 request written by hand, the way clients in other languages build it. */
function rawEnvelope(namespace: string, operation: string, inner: string) {
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ec="${namespace}"><soapenv:Header/><soapenv:Body><ec:${operation}>${inner}</ec:${operation}></soapenv:Body></soapenv:Envelope>`
}

async function postSoap(url: string, body: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml; charset=utf-8', 'SOAPAction': '""' },
    body,
  })
  return { status: response.status, text: await response.text() }
}

async function control(simulator: SriSimulator, method: string, path: string, body?: unknown) {
  const response = await fetch(`${simulator.url}/__control${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, json: (await response.json()) as Record<string, any> }
}

test.group('SRI simulator | WSDL and raw SOAP', (group) => {
  let simulator: SriSimulator
  group.setup(async () => {
    simulator = await startSriSimulator({ port: 0 })
    return () => simulator.close()
  })
  group.each.setup(() => simulator.reset())

  test('serves both WSDLs with SRI namespaces and its own address', async ({ assert }) => {
    assert.equal(simulator.receptionUrl, `${simulator.url}${RECEPTION_PATH}`)
    assert.equal(simulator.authorizationUrl, `${simulator.url}${AUTHORIZATION_PATH}`)
    const reception = await fetch(`${simulator.receptionUrl}?wsdl`).then((reply) => reply.text())
    assert.include(reception, 'targetNamespace="http://ec.gob.sri.ws.recepcion"')
    assert.include(reception, `location="${simulator.receptionUrl}"`)
    const authorization = await fetch(`${simulator.authorizationUrl}?wsdl`).then((reply) =>
      reply.text()
    )
    assert.include(authorization, 'targetNamespace="http://ec.gob.sri.ws.autorizacion"')
    assert.include(authorization, `location="${simulator.authorizationUrl}"`)
  })

  test('the WSDLs describe the services, ports and operations SRI publishes', async ({
    assert,
  }) => {
    const reception = await soap.createClientAsync(`${simulator.receptionUrl}?wsdl`)
    const receptionDescription = reception.describe()
    assert.deepEqual(Object.keys(receptionDescription), ['RecepcionComprobantesOfflineService'])
    const receptionPort =
      receptionDescription.RecepcionComprobantesOfflineService.RecepcionComprobantesOfflinePort
    assert.deepEqual(Object.keys(receptionPort), ['validarComprobante'])
    assert.equal(receptionPort.validarComprobante.input.xml, 'xs:base64Binary')

    const authorization = await soap.createClientAsync(`${simulator.authorizationUrl}?wsdl`)
    const port =
      authorization.describe().AutorizacionComprobantesOfflineService
        .AutorizacionComprobantesOfflinePort
    assert.sameMembers(Object.keys(port), [
      'autorizacionComprobante',
      'autorizacionComprobanteLote',
    ])
    assert.equal(port.autorizacionComprobante.input.claveAccesoComprobante, 'xs:string')
  })

  test('a hand-written validarComprobante envelope gets an SRI-shaped RECIBIDA', async ({
    assert,
  }) => {
    const sample = signedSample()
    const base64 = Buffer.from(sample.xml, 'utf8').toString('base64')
    const reply = await postSoap(
      simulator.receptionUrl,
      rawEnvelope('http://ec.gob.sri.ws.recepcion', 'validarComprobante', `<xml>${base64}</xml>`)
    )
    assert.equal(reply.status, 200)
    assert.match(reply.text, /<(\w+:)?validarComprobanteResponse[^>]*>/)
    assert.include(reply.text, 'http://ec.gob.sri.ws.recepcion')
    assert.include(reply.text, '<RespuestaRecepcionComprobante><estado>RECIBIDA</estado>')
  })

  test('a hand-written autorizacionComprobante gets the clave, count, estado and CDATA', async ({
    assert,
  }) => {
    const sample = signedSample()
    await new SriTransport({ ...simulator, timeoutMs: 2000 }).submit(sample.xml)
    const reply = await postSoap(
      simulator.authorizationUrl,
      rawEnvelope(
        'http://ec.gob.sri.ws.autorizacion',
        'autorizacionComprobante',
        `<claveAccesoComprobante>${sample.accessKey}</claveAccesoComprobante>`
      )
    )
    assert.equal(reply.status, 200)
    assert.include(reply.text, `<claveAccesoConsultada>${sample.accessKey}</claveAccesoConsultada>`)
    assert.include(reply.text, '<numeroComprobantes>1</numeroComprobantes>')
    assert.include(reply.text, '<estado>AUTORIZADO</estado>')
    assert.include(reply.text, `<numeroAutorizacion>${sample.accessKey}</numeroAutorizacion>`)
    assert.match(
      reply.text,
      /<fechaAutorizacion>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-05:00<\/fechaAutorizacion>/
    )
    assert.include(reply.text, '<ambiente>PRUEBAS</ambiente>')
    assert.include(reply.text, `<comprobante><![CDATA[${sample.xml}]]></comprobante>`)
  })

  test('a garbage envelope gets a SOAP fault, not a crash', async ({ assert }) => {
    const reply = await postSoap(simulator.receptionUrl, '<no-soap')
    assert.equal(reply.status, 500)
    assert.include(reply.text, 'Fault')
    const after = await postSoap(
      simulator.receptionUrl,
      rawEnvelope('http://ec.gob.sri.ws.recepcion', 'validarComprobante', '<xml></xml>')
    )
    assert.include(after.text, '<identificador>49</identificador>')
  })

  test('unknown paths answer 404', async ({ assert }) => {
    assert.equal(await fetch(`${simulator.url}/otra-cosa`).then((reply) => reply.status), 404)
  })
})

test.group('SRI simulator | decisions', (group) => {
  let simulator: SriSimulator
  let transport: SriTransport
  group.setup(async () => {
    simulator = await startSriSimulator({ port: 0 })
    return () => simulator.close()
  })
  group.each.setup(() => {
    simulator.reset()
    simulator.configure({ authorizeAfterPolls: 0, authorizeAfterMs: 0, dateFormat: 'iso' })
    transport = new SriTransport({ ...simulator, timeoutMs: 2000 })
    return () => transport.close()
  })

  test('authorizeAfterPolls keeps the clave EN PROCESO (no messages) for that many polls', async ({
    assert,
  }) => {
    simulator.configure({ authorizeAfterPolls: 2 })
    const sample = signedSample()
    await transport.submit(sample.xml)
    const first = await transport.checkStatus(sample.accessKey)
    assert.equal(first.status, 'pending')
    assert.deepEqual(first.messages, [])
    assert.equal(first.entries[0].state, 'EN PROCESO')
    assert.equal(
      await transport.checkStatus(sample.accessKey).then((reply) => reply.status),
      'pending'
    )
    assert.equal(
      await transport.checkStatus(sample.accessKey).then((reply) => reply.status),
      'authorized'
    )
    assert.equal(simulator.state[0].polls, 3)
  })

  test('authorizeAfterMs waits before deciding', async ({ assert }) => {
    simulator.configure({ authorizeAfterMs: 300 })
    const sample = signedSample()
    await transport.submit(sample.xml)
    assert.equal(
      await transport.checkStatus(sample.accessKey).then((reply) => reply.status),
      'pending'
    )
    // Polled as a client would, until the simulator decides.
    await waitUntil('the simulator to authorize after its delay', async () => {
      const reply = await transport.checkStatus(sample.accessKey)
      return reply.status === 'authorized'
    })
    const [entry] = simulator.state
    assert.isAtLeast(Date.parse(entry.decidedAt!) - Date.parse(entry.receivedAt), 300)
  })

  test('the options given at start apply', async ({ assert }) => {
    const patient = await startSriSimulator({ port: 0, authorizeAfterPolls: 1 })
    const client = new SriTransport({ ...patient, timeoutMs: 2000 })
    try {
      const sample = signedSample()
      await client.submit(sample.xml)
      assert.equal(
        await client.checkStatus(sample.accessKey).then((reply) => reply.status),
        'pending'
      )
      assert.equal(
        await client.checkStatus(sample.accessKey).then((reply) => reply.status),
        'authorized'
      )
    } finally {
      await client.close()
      await patient.close()
    }
  })

  test('another clave with the same secuencial is DEVUELTA 45 → lookup', async ({ assert }) => {
    const first = signedSample({ numericCode: '11111111' })
    const second = signedSample({ numericCode: '22222222', sequential: first.sequential })
    assert.notEqual(first.accessKey, second.accessKey)
    await transport.submit(first.xml)
    const result = await transport.submit(second.xml)
    assert.equal(result.messages[0].code, '45')
    assert.equal(result.messages[0].text, 'SECUENCIAL REGISTRADO')
    assert.include(result.messages[0].additionalInfo!, first.accessKey)
    assert.equal(result.decision?.action, 'lookup')
  })

  test('a clave that contradicts the document is DEVUELTA 58', async ({ assert }) => {
    const other = signedSample({ issueDate: '16/03/2026' })
    const sample = signedSample({ overrideAccessKey: other.accessKey })
    const result = await transport.submit(sample.xml)
    assert.equal(result.messages[0].code, '58')
    assert.equal(result.decision?.action, 'fail')
  })

  test('notas de crédito and producción documents are authorized as such', async ({ assert }) => {
    const note = signedSample({ root: 'notaCredito', environment: '2' })
    await transport.submit(note.xml)
    const status = await transport.checkStatus(note.accessKey)
    assert.equal(status.status, 'authorized')
    assert.equal(status.environment, 'PRODUCCIÓN')
    assert.equal(simulator.state[0].documentType, 'notaCredito')
  })

  test('faults for one clave leave other claves alone, and clearFaults(clave) recovers it', async ({
    assert,
  }) => {
    const target = signedSample()
    const bystander = signedSample()
    simulator.setFault({ mode: 'returned35', accessKey: target.accessKey })
    assert.equal(await transport.submit(target.xml).then((reply) => reply.messages[0].code), '35')
    assert.equal(await transport.submit(bystander.xml).then((reply) => reply.status), 'received')
    assert.equal(
      await transport.checkStatus(bystander.accessKey).then((reply) => reply.status),
      'authorized'
    )
    simulator.clearFaults(target.accessKey)
    assert.equal(await transport.submit(target.xml).then((reply) => reply.status), 'received')
  })

  test('state lists every clave with its status, newest first', async ({ assert }) => {
    const authorized = signedSample()
    const received = signedSample()
    await transport.submit(authorized.xml)
    await transport.checkStatus(authorized.accessKey)
    await transport.submit(received.xml)
    const [newest, oldest] = simulator.state
    assert.equal(newest.accessKey, received.accessKey)
    assert.equal(newest.status, 'RECIBIDA')
    assert.equal(oldest.accessKey, authorized.accessKey)
    assert.equal(oldest.status, 'AUTORIZADO')
    assert.equal(oldest.number, `001-001-${String(authorized.sequential).padStart(9, '0')}`)
    assert.equal(oldest.submissions, 1)
  })
})

test.group('SRI simulator | control API', (group) => {
  let simulator: SriSimulator
  let transport: SriTransport
  group.setup(async () => {
    simulator = await startSriSimulator({ port: 0 })
    return () => simulator.close()
  })
  group.each.setup(() => {
    simulator.reset()
    transport = new SriTransport({ ...simulator, timeoutMs: 2000 })
    return () => transport.close()
  })

  test('POST /__control/fault switches a running simulator into a fault, which recovers', async ({
    assert,
  }) => {
    await transport.submit(signedSample().xml)
    const created = await control(simulator, 'POST', '/fault', {
      mode: 'http500',
      service: 'reception',
      times: 1,
    })
    assert.equal(created.status, 201)
    assert.equal(created.json.fault.mode, 'http500')
    assert.equal(created.json.fault.remaining, 1)
    await assert.rejects(() => transport.submit(signedSample().xml))
    assert.equal(
      await transport.submit(signedSample().xml).then((reply) => reply.status),
      'received'
    )
    assert.deepEqual(
      await control(simulator, 'GET', '/state').then((reply) => reply.json.faults),
      []
    )
  })

  test('per-clave faults through the API', async ({ assert }) => {
    const sample = signedSample()
    const created = await control(simulator, 'POST', '/fault', {
      mode: 'error70',
      polls: 1,
      accessKey: sample.accessKey,
    })
    assert.equal(created.status, 201)
    await transport.submit(sample.xml)
    assert.equal(
      await transport.checkStatus(sample.accessKey).then((reply) => reply.messages[0].code),
      '70'
    )
    assert.equal(
      await transport.checkStatus(sample.accessKey).then((reply) => reply.status),
      'authorized'
    )
  })

  test('GET /__control/state shows documents, faults and options', async ({ assert }) => {
    const sample = signedSample()
    await transport.submit(sample.xml)
    simulator.setFault({ mode: 'slow', delayMs: 10 })
    const state = await control(simulator, 'GET', '/state')
    assert.equal(state.status, 200)
    assert.equal(state.json.documents[0].accessKey, sample.accessKey)
    assert.equal(state.json.documents[0].status, 'RECIBIDA')
    assert.equal(state.json.faults[0].mode, 'slow')
    assert.equal(state.json.faults[0].delayMs, 10)
    assert.deepEqual(state.json.options, {
      authorizeAfterPolls: 0,
      authorizeAfterMs: 0,
      dateFormat: 'iso',
    })
    assert.include(state.json.modes, 'returned35')
  })

  test('DELETE /__control/fault and POST /__control/clear clear faults', async ({ assert }) => {
    const sample = signedSample()
    simulator.setFault({ mode: 'down' })
    simulator.setFault({ mode: 'reject39', accessKey: sample.accessKey })
    const cleared = await control(simulator, 'DELETE', `/fault?accessKey=${sample.accessKey}`)
    assert.deepEqual(
      cleared.json.faults.map((fault: { mode: string }) => fault.mode),
      ['down']
    )
    assert.deepEqual(
      await control(simulator, 'POST', '/clear', {}).then((reply) => reply.json.faults),
      []
    )
    assert.equal(await transport.submit(sample.xml).then((reply) => reply.status), 'received')
  })

  test('POST /__control/options changes the decision delay and date format', async ({ assert }) => {
    const changed = await control(simulator, 'POST', '/options', {
      authorizeAfterPolls: 1,
      dateFormat: 'legacy',
    })
    assert.equal(changed.status, 200)
    assert.equal(changed.json.options.authorizeAfterPolls, 1)
    const sample = signedSample()
    await transport.submit(sample.xml)
    assert.equal(
      await transport.checkStatus(sample.accessKey).then((reply) => reply.status),
      'pending'
    )
    const status = await transport.checkStatus(sample.accessKey)
    assert.equal(status.status, 'authorized')
    assert.match(status.entries[0].authorizedAtText!, /^\d{2}\/\d{2}\/\d{4} /)
    await control(simulator, 'POST', '/options', { authorizeAfterPolls: 0, dateFormat: 'iso' })
  })

  test('POST /__control/reset forgets everything', async ({ assert }) => {
    const sample = signedSample()
    await transport.submit(sample.xml)
    simulator.setFault({ mode: 'down' })
    const reset = await control(simulator, 'POST', '/reset')
    assert.equal(reset.status, 200)
    assert.deepEqual(simulator.state, [])
    assert.deepEqual(simulator.faults, [])
    assert.equal(
      await transport.checkStatus(sample.accessKey).then((reply) => reply.status),
      'unknown'
    )
  })

  test('bad input answers 400 with Spanish and English messages', async ({ assert }) => {
    const cases: unknown[] = [
      { mode: 'meteorito' },
      { mode: 'slow', delayMs: -5 },
      { mode: 'down', accessKey: '123' },
      { mode: 'down', service: 'ambas' },
      '{no es json',
      [],
    ]
    for (const body of cases) {
      const response = await control(simulator, 'POST', '/fault', body)
      assert.equal(response.status, 400, JSON.stringify(body))
      assert.isString(response.json.error.es)
      assert.isString(response.json.error.en)
    }
    const options = await control(simulator, 'POST', '/options', { dateFormat: 'maya' })
    assert.equal(options.status, 400)
    assert.deepEqual(simulator.faults, [])
  })

  test('unknown control routes answer 404', async ({ assert }) => {
    const response = await control(simulator, 'GET', '/nada')
    assert.equal(response.status, 404)
    assert.include(response.json.error.es, 'desconocida')
  })

  test('the status page lists the services, faults and documents', async ({ assert }) => {
    const sample = signedSample()
    await transport.submit(sample.xml)
    simulator.setFault({ mode: 'error70', polls: 2 })
    const response = await fetch(`${simulator.url}/`)
    assert.equal(response.status, 200)
    const html = await response.text()
    assert.include(html, `${simulator.receptionUrl}?wsdl`)
    assert.include(html, `${simulator.authorizationUrl}?wsdl`)
    assert.include(html, sample.accessKey)
    assert.include(html, 'error70')
    assert.include(html, '/__control/fault')
  })
})
