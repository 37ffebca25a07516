/*
 * The HKA simulator, driven through Facturo's own SOAP client: the nine
 * operations with HKA's reply shapes, CUFEs that pass the check digit,
 * folios, voiding, files, e-mails, tokens, and the control API.
 */
import { test } from '@japa/runner'
import { isValidCufe, parseCufe } from '#adapters/panama_hka/cufe'
import { PanamaAuthority } from '#adapters/panama_hka/panama_authority'
import { HkaTransport } from '#adapters/panama_hka/transport/hka_transport'
import { startHkaSimulator, type HkaSimulator } from '#adapters/panama_hka/simulator/server'
import { parseDocumentKey } from '#adapters/panama_hka/document_key'
import {
  SAMPLE_TOKENS,
  sampleCreditNote,
  sampleInvoice,
  sampleIssuer,
} from '#adapters/panama_hka/testing/fixtures'
import { DOCUMENTO_OPEN } from '#adapters/panama_hka/documento/xml'
import type { TaxDocument } from '#adapters/core/types'

/** A field of what a promise resolves to. */
async function at<T, R>(promise: Promise<T>, pick: (value: T) => R): Promise<R> {
  return pick(await promise)
}

let simulator: HkaSimulator
let transport: HkaTransport
let sequence = 100

async function signedBody(doc: TaxDocument = sampleInvoice(++sequence)) {
  const authority = new PanamaAuthority()
  const built = await authority.buildDocument(doc, sampleIssuer())
  const signed = await authority.sign(built, sampleIssuer())
  return { body: signed.body, data: parseDocumentKey(built.authorityKey)! }
}

async function control(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') {
  const response = await fetch(`${simulator.url}/__control${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, json: (await response.json()) as Record<string, any> }
}

test.group('HKA simulator | service', (group) => {
  group.setup(async () => {
    simulator = await startHkaSimulator({ port: 0 })
    transport = new HkaTransport({ url: simulator.serviceUrl, timeoutMs: 5_000 })
    return async () => {
      await transport.close()
      await simulator.close()
    }
  })
  group.each.setup(() => simulator.reset())

  test('serves its WSDL at ?wsdl and ?singleWsdl, pointing at itself', async ({ assert }) => {
    for (const suffix of ['?wsdl', '?singleWsdl']) {
      const response = await fetch(`${simulator.serviceUrl}${suffix}`)
      assert.equal(response.status, 200)
      const text = await response.text()
      assert.include(text, `<soap:address location="${simulator.serviceUrl}"/>`)
      assert.include(text, 'soapAction="http://tempuri.org/IService/AnulacionDocumento"')
    }
    assert.equal(simulator.stats.wsdl, 2)
  })

  test('Enviar authorizes at once: CUFE with its check digit, QR URL, protocol, a folio', async ({
    assert,
  }) => {
    const { body, data } = await signedBody()
    const reply = await transport.enviar(SAMPLE_TOKENS, body)
    assert.isTrue(reply.ok, reply.mensaje)
    assert.isTrue(isValidCufe(reply.cufe), reply.cufe)
    const fields = parseCufe(reply.cufe).ok ? (parseCufe(reply.cufe) as any).fields : {}
    assert.equal(fields.issuerRuc, '155596713-2-2015')
    assert.equal(fields.number, data.number)
    assert.equal(fields.environment, 'test')
    const qr = new URL(reply.qr!)
    assert.equal(qr.origin, 'https://dgi-fep-test.mef.gob.pa:40001')
    assert.equal(qr.pathname, '/Consultas/FacturasPorQR')
    assert.equal(qr.searchParams.get('chFE'), reply.cufe)
    assert.equal(qr.searchParams.get('iAmb'), '2')
    assert.match(qr.searchParams.get('jwt')!, /^[\w-]+\.[\w-]+\.[\w-]+$/)
    assert.match(reply.protocol!, /^\d{20}$/)
    assert.instanceOf(reply.receivedAt, Date)

    const folios = await transport.foliosRestantes(SAMPLE_TOKENS)
    assert.equal(folios.cycleUsed, 1)
    assert.equal(folios.cycleAvailable, 4999)
    assert.match(folios.licence!, /^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/)

    // The same number again is a duplicate, and no folio is spent.
    const again = await transport.enviar(SAMPLE_TOKENS, body)
    assert.isFalse(again.ok)
    assert.deepEqual(
      again.messages.map((message) => message.code),
      ['1513']
    )
    assert.equal(await at(transport.foliosRestantes(SAMPLE_TOKENS), (value) => value.cycleUsed), 1)
  })

  test('EstadoDocumento knows what was authorized, and nothing else', async ({ assert }) => {
    const { body, data } = await signedBody()
    const sent = await transport.enviar(SAMPLE_TOKENS, body)
    const status = await transport.estadoDocumento(SAMPLE_TOKENS, data)
    assert.equal(status.codigo, '200')
    assert.equal(status.status, 'Autorizada')
    assert.equal(status.cufe, sent.cufe)
    assert.equal(status.statusMessage, 'Autorizado el uso de la FE')
    assert.match(status.fields.fechaRecepcionDocumento, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)

    const unknown = await transport.estadoDocumento(SAMPLE_TOKENS, {
      ...data,
      number: '0000999999',
    })
    assert.equal(unknown.codigo, '404')
    assert.isFalse(unknown.ok)
  })

  test('each company (token pair) has its own documents and folios', async ({ assert }) => {
    const { body, data } = await signedBody()
    await transport.enviar(SAMPLE_TOKENS, body)
    const other = { tokenEmpresa: 'otra-empresa', tokenPassword: 'otra-clave' }
    assert.equal(await at(transport.estadoDocumento(other, data), (value) => value.codigo), '404')
    assert.isTrue(await at(transport.enviar(other, body), (value) => value.ok))
  })

  test('AnulacionDocumento: reason of 15 to 250 characters, once, within the window', async ({
    assert,
  }) => {
    const { body, data } = await signedBody()
    await transport.enviar(SAMPLE_TOKENS, body)
    const short = await transport.anulacionDocumento(SAMPLE_TOKENS, 'Error', data)
    assert.equal(short.codigo, '300')
    const done = await transport.anulacionDocumento(
      SAMPLE_TOKENS,
      'Precio equivocado en la línea 2',
      data
    )
    assert.isTrue(done.ok)
    assert.equal(done.mensaje, 'Proceso de Anulación ejecutado con éxito.')
    const status = await transport.estadoDocumento(SAMPLE_TOKENS, data)
    assert.equal(status.status, 'Anulada')
    const twice = await transport.anulacionDocumento(
      SAMPLE_TOKENS,
      'Precio equivocado en la línea 2',
      data
    )
    assert.equal(twice.codigo, '300')

    simulator.configure({ voidWindowDays: 0 })
    const late = await signedBody()
    await transport.enviar(SAMPLE_TOKENS, late.body)
    await new Promise((resolve) => setTimeout(resolve, 5))
    const refused = await transport.anulacionDocumento(
      SAMPLE_TOKENS,
      'Precio equivocado en la línea 2',
      late.data
    )
    assert.equal(refused.codigo, '300')
    assert.include(refused.mensaje, 'nota de crédito')
  })

  test('DescargaXML and DescargaPDF return the rFE and the CAFE', async ({ assert }) => {
    const { body, data } = await signedBody()
    const sent = await transport.enviar(SAMPLE_TOKENS, body)
    const xml = await transport.descargaXml(SAMPLE_TOKENS, data)
    const text = xml.file!.toString('utf8')
    assert.include(text, `<dId>${sent.cufe}</dId>`)
    assert.include(text, `<dProtAut>${sent.protocol}</dProtAut>`)
    assert.include(text, `<dQRCode><![CDATA[${sent.qr}]]></dQRCode>`)
    const pdf = await transport.descargaPdf(SAMPLE_TOKENS, data)
    assert.equal(pdf.file!.subarray(0, 5).toString(), '%PDF-')
    assert.equal(
      await at(
        transport.descargaPdf(SAMPLE_TOKENS, { ...data, number: '0000999999' }),
        (value) => value.codigo
      ),
      '404'
    )
  })

  test('EnvioCorreo records the e-mail; RastreoCorreo tracks it by CUFE', async ({ assert }) => {
    const { body, data } = await signedBody()
    const sent = await transport.enviar(SAMPLE_TOKENS, body)
    assert.equal(
      await at(transport.envioCorreo(SAMPLE_TOKENS, data, 'no-es-correo'), (value) => value.codigo),
      '400'
    )
    const mailed = await transport.envioCorreo(SAMPLE_TOKENS, data, 'compras@pacifico.test')
    assert.isTrue(mailed.ok)
    const tracking = await transport.rastreoCorreo(SAMPLE_TOKENS, sent.cufe!)
    assert.lengthOf(tracking.entries, 1)
    assert.equal(tracking.entries[0].email, 'compras@pacifico.test')
    assert.equal(tracking.entries[0].status, 'delivered')
    assert.equal(
      await at(transport.rastreoCorreo(SAMPLE_TOKENS, 'FE01'), (value) => value.codigo),
      '404'
    )
  })

  test('ConsultarRucDV computes the DV and says whether the RUC is affiliated', async ({
    assert,
  }) => {
    const hka = await transport.consultarRucDv(SAMPLE_TOKENS, '2', '155596713-2-2015')
    assert.deepEqual(
      [hka.codigo, hka.dv, hka.legalName, hka.affiliation],
      ['200', '59', 'THE FACTORY HKA CORP', 'SI']
    )
    const other = await transport.consultarRucDv(SAMPLE_TOKENS, '2', '155631118-2-2016')
    assert.deepEqual([other.dv, other.affiliation], ['58', 'NO'])
    assert.equal(
      await at(transport.consultarRucDv(SAMPLE_TOKENS, '2', 'nonsense'), (value) => value.codigo),
      '400'
    )
  })

  test('tokens: a wrong password is refused with its own codigo', async ({ assert }) => {
    simulator.register({ tokenEmpresa: 'empresa-x', tokenPassword: 'correcta' })
    const refused = await transport.foliosRestantes({
      tokenEmpresa: 'empresa-x',
      tokenPassword: 'mala',
    })
    assert.equal(refused.codigo, '101')
    assert.isFalse(refused.ok)
    simulator.configure({ autoRegister: false })
    const unknown = await transport.foliosRestantes({ tokenEmpresa: 'nadie', tokenPassword: 'x' })
    assert.equal(unknown.codigo, '101')
  })

  test('folios run out: the refusal speaks of folios', async ({ assert }) => {
    simulator.register({ ...SAMPLE_TOKENS, cycleTotal: 1 })
    const first = await signedBody()
    assert.isTrue(await at(transport.enviar(SAMPLE_TOKENS, first.body), (value) => value.ok))
    const refused = await transport.enviar(
      SAMPLE_TOKENS,
      await at(signedBody(), (value) => value.body)
    )
    assert.equal(refused.codigo, '109')
    assert.deepEqual(
      refused.messages.map((message) => message.code),
      ['HKA-FOLIOS']
    )
    assert.equal(
      await at(transport.foliosRestantes(SAMPLE_TOKENS), (value) => value.cycleAvailable),
      0
    )
  })

  test('datosDocumento must be in Services.Model (the per-method namespace)', async ({
    assert,
  }) => {
    const { body, data } = await signedBody()
    await transport.enviar(SAMPLE_TOKENS, body)
    const wrong = `<tem:EstadoDocumento xmlns:tem="http://tempuri.org/" xmlns:ser="http://schemas.datacontract.org/2004/07/Services.ObjComprobante.v1_0"><tem:tokenEmpresa>${SAMPLE_TOKENS.tokenEmpresa}</tem:tokenEmpresa><tem:tokenPassword>${SAMPLE_TOKENS.tokenPassword}</tem:tokenPassword><tem:datosDocumento><ser:codigoSucursalEmisor>${data.establishmentCode}</ser:codigoSucursalEmisor><ser:numeroDocumentoFiscal>${data.number}</ser:numeroDocumentoFiscal><ser:puntoFacturacionFiscal>${data.emissionPointCode}</ser:puntoFacturacionFiscal><ser:tipoDocumento>01</ser:tipoDocumento><ser:tipoEmision>01</ser:tipoEmision></tem:datosDocumento></tem:EstadoDocumento>`
    const response = await fetch(simulator.serviceUrl, {
      method: 'POST',
      headers: {
        'content-type': 'text/xml; charset=utf-8',
        'soapaction': '"http://tempuri.org/IService/EstadoDocumento"',
      },
      body: `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${wrong}</s:Body></s:Envelope>`,
    })
    const text = await response.text()
    assert.include(text, '<a:codigo>400</a:codigo>')
    assert.include(text, 'datosDocumento incompleto')
  })

  test('an unknown SOAPAction is a WCF fault', async ({ assert }) => {
    const response = await fetch(simulator.serviceUrl, {
      method: 'POST',
      headers: {
        'content-type': 'text/xml',
        'soapaction': '"http://tempuri.org/IService/Anulacion"',
      },
      body: '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>',
    })
    assert.equal(response.status, 500)
    assert.include(await response.text(), 'ActionNotSupported')
  })

  test('a credit note 04 refers to an authorized invoice', async ({ assert }) => {
    const invoice = await signedBody()
    const sent = await transport.enviar(SAMPLE_TOKENS, invoice.body)
    const note = await signedBody(sampleCreditNote(++sequence, undefined, sent.cufe))
    const reply = await transport.enviar(SAMPLE_TOKENS, note.body)
    assert.isTrue(reply.ok, reply.mensaje)
    assert.equal(parseDocumentKey(reply.cufe)!.documentType, '04')
  })

  test('the body Facturo stores is what Enviar carries', async ({ assert }) => {
    const { body } = await signedBody()
    assert.isTrue(body.startsWith(DOCUMENTO_OPEN))
    await transport.enviar(SAMPLE_TOKENS, body)
    assert.include(
      simulator.state[0].documento,
      '<ser:codigoSucursalEmisor>0000</ser:codigoSucursalEmisor>'
    )
  })
})

test.group('HKA simulator | control API', (group) => {
  group.setup(async () => {
    simulator = await startHkaSimulator({ port: 0 })
    transport = new HkaTransport({ url: simulator.serviceUrl, timeoutMs: 5_000 })
    return async () => {
      await transport.close()
      await simulator.close()
    }
  })
  group.each.setup(() => simulator.reset())

  test('faults, accounts and options over JSON; passwords never come back', async ({ assert }) => {
    const created = await control('/fault', { mode: 'down', times: 1 })
    assert.equal(created.status, 201)
    assert.equal(created.json.fault.operation, 'all')
    const account = await control('/accounts', {
      tokenEmpresa: 'empresa-json',
      tokenPassword: 'secreto-json',
      ruc: '155631118-2-2016',
      dv: '58',
      cycleTotal: 10,
    })
    assert.equal(account.status, 201)
    assert.notProperty(account.json.account, 'tokenPassword')
    const options = await control('/options', { voidWindowDays: 3 })
    assert.equal(options.json.options.voidWindowDays, 3)
    const state = await control('/state')
    assert.lengthOf(state.json.faults, 1)
    assert.notInclude(JSON.stringify(state.json), 'secreto-json')
    assert.include(state.json.modes, 'timeout_after_accept')
    const cleared = await control('/fault', undefined, 'DELETE')
    assert.deepEqual(cleared.json.faults, [])
  })

  test('bad input answers 400 in both languages', async ({ assert }) => {
    for (const [path, body] of [
      ['/fault', { mode: 'explode' }],
      ['/fault', { mode: 'down', number: 'abc' }],
      ['/fault', { mode: 'slow', delayMs: -1 }],
      ['/accounts', { tokenEmpresa: 'x' }],
      ['/options', { autoRegister: 'yes' }],
    ] as const) {
      const answer = await control(path, body)
      assert.equal(answer.status, 400, path)
      assert.isString(answer.json.error.es)
      assert.isString(answer.json.error.en)
    }
    const response = await fetch(`${simulator.url}/__control/fault`, {
      method: 'POST',
      body: '{not json',
    })
    assert.equal(response.status, 400)
    assert.equal(await at(control('/nothing'), (value) => value.status), 404)
  })

  test('the status page lists documents and masks tokens', async ({ assert }) => {
    await transport.enviar(SAMPLE_TOKENS, await at(signedBody(), (value) => value.body))
    const page = await at(fetch(`${simulator.url}/`), (value) => value.text())
    assert.include(page, 'Simulador de The Factory HKA')
    assert.include(page, simulator.state[0].cufe)
    assert.notInclude(page, SAMPLE_TOKENS.tokenEmpresa)
    assert.notInclude(page, SAMPLE_TOKENS.tokenPassword)
  })
})
