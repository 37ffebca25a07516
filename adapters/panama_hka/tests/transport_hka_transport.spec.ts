/*
 * The SOAP client against a bare HTTP server that answers with recorded
 * replies: what goes on the wire (SOAP 1.1 envelope, SOAPAction, the body
 * of requests.ts), and how every kind of failure comes back.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from '@japa/runner'
import { TaxConfigError, TaxTransportError } from '#adapters/core/errors'
import { HkaTransport, SERVICE_PATH } from '#adapters/panama_hka/transport/hka_transport'
import {
  ANULACION_OK,
  DESCARGA_PDF_OK,
  ENVIAR_OK,
  ENVIAR_REFUSED,
  ESTADO_OK,
  FOLIOS_OK,
  RASTREO_OK,
  RUC_OK,
  WCF_FAULT,
} from './hka_replies.js'

const TOKENS = { tokenEmpresa: 'empresa-123', tokenPassword: 'S3CRET-password' }
const DD = {
  establishmentCode: '0000',
  number: '0000000001',
  emissionPointCode: '001',
  documentType: '01',
  emissionType: '01',
}

interface Seen {
  action?: string
  contentType?: string
  body: string
}

type Answer = (seen: Seen, response: http.ServerResponse) => void

async function stub(answer: Answer) {
  const seen: Seen[] = []
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const entry = {
        action: request.headers.soapaction as string | undefined,
        contentType: request.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      }
      seen.push(entry)
      answer(entry, response)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${SERVICE_PATH}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const REPLIES: Record<string, string> = {
  Enviar: ENVIAR_OK,
  EstadoDocumento: ESTADO_OK,
  AnulacionDocumento: ANULACION_OK,
  DescargaPDF: DESCARGA_PDF_OK,
  FoliosRestantes: FOLIOS_OK,
  RastreoCorreo: RASTREO_OK,
  ConsultarRucDV: RUC_OK,
}

const byAction: Answer = (seen, response) => {
  const operation = (seen.action ?? '').replace(/"/g, '').split('/').pop()!
  response.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' })
  response.end(REPLIES[operation] ?? '')
}

test.group('Panama HKA transport', () => {
  test('SOAP 1.1 with the SOAPAction of each operation', async ({ assert }) => {
    const server = await stub(byAction)
    const transport = new HkaTransport({ url: `${server.url}?singleWsdl`, timeoutMs: 5_000 })
    try {
      assert.equal(transport.url, server.url)
      const folios = await transport.foliosRestantes(TOKENS)
      assert.equal(folios.cycleAvailable, 5000)
      const estado = await transport.estadoDocumento(TOKENS, DD)
      assert.equal(estado.status, 'Autorizada')
      const anulacion = await transport.anulacionDocumento(
        TOKENS,
        'Error en el precio del producto',
        DD
      )
      assert.isTrue(anulacion.ok)
      const pdf = await transport.descargaPdf(TOKENS, DD)
      assert.equal(pdf.file!.toString(), '%PDF-1.4 CAFE')
      const rastreo = await transport.rastreoCorreo(TOKENS, 'FE01')
      assert.lengthOf(rastreo.entries, 1)
      const ruc = await transport.consultarRucDv(TOKENS, '2', '155596713-2-2015')
      assert.equal(ruc.dv, '59')

      assert.deepEqual(
        server.seen.map((entry) => entry.action),
        [
          '"http://tempuri.org/IService/FoliosRestantes"',
          '"http://tempuri.org/IService/EstadoDocumento"',
          '"http://tempuri.org/IService/AnulacionDocumento"',
          '"http://tempuri.org/IService/DescargaPDF"',
          '"http://tempuri.org/IService/RastreoCorreo"',
          '"http://tempuri.org/IService/ConsultarRucDV"',
        ]
      )
      for (const entry of server.seen) {
        assert.match(entry.contentType!, /^text\/xml/)
        assert.include(entry.body, 'http://schemas.xmlsoap.org/soap/envelope/')
      }
      assert.include(
        server.seen[2].body,
        '<tem:motivoAnulacion>Error en el precio del producto</tem:motivoAnulacion><tem:datosDocumento>'
      )
    } finally {
      await transport.close()
      await server.close()
    }
  })

  test('a refusal is a value', async ({ assert }) => {
    const server = await stub((_seen, response) => {
      response.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' })
      response.end(ENVIAR_REFUSED)
    })
    const transport = new HkaTransport({ url: server.url, timeoutMs: 5_000 })
    try {
      const body =
        '<tem:documento xmlns:tem="http://tempuri.org/" xmlns:ser="http://schemas.datacontract.org/2004/07/Services.ObjComprobante.v1_0"><ser:codigoSucursalEmisor>0000</ser:codigoSucursalEmisor>\n</tem:documento>'
      const reply = await transport.enviar(TOKENS, body)
      assert.isFalse(reply.ok)
      assert.deepEqual(
        reply.messages.map((message) => message.code),
        ['1513', '2007']
      )
      assert.include(server.seen[0].body, body)
    } finally {
      await transport.close()
      await server.close()
    }
  })

  test('a WCF fault (HTTP 500) is a retryable transport error', async ({ assert }) => {
    const server = await stub((_seen, response) => {
      response.writeHead(500, { 'Content-Type': 'text/xml; charset=utf-8' })
      response.end(WCF_FAULT)
    })
    const transport = new HkaTransport({ url: server.url, timeoutMs: 5_000 })
    try {
      const error = await transport.foliosRestantes(TOKENS).catch((caught) => caught)
      assert.instanceOf(error, TaxTransportError)
      assert.equal(error.i18nKey, 'hka.transport.soap_fault')
      assert.include(error.message, 'Object reference not set')
    } finally {
      await transport.close()
      await server.close()
    }
  })

  test('HTML error pages, 404s, garbage, timeouts and closed ports', async ({ assert }) => {
    const cases: Array<[string, Answer, string, typeof TaxTransportError | typeof TaxConfigError]> =
      [
        [
          'http 503',
          (_seen, response) => {
            response.writeHead(503, { 'Content-Type': 'text/html' })
            response.end('<html><body>Service Unavailable</body></html>')
          },
          'hka.transport.http_5xx',
          TaxTransportError,
        ],
        [
          'http 404',
          (_seen, response) => {
            response.writeHead(404, { 'Content-Type': 'text/html' })
            response.end('<html><body>Not found</body></html>')
          },
          'hka.transport.http_4xx',
          TaxConfigError,
        ],
        [
          'garbage',
          (_seen, response) => {
            response.writeHead(200, { 'Content-Type': 'text/xml' })
            response.end(
              '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Other/></s:Body></s:Envelope>'
            )
          },
          'hka.transport.bad_reply',
          TaxTransportError,
        ],
        ['silence', () => {}, 'hka.transport.timeout', TaxTransportError],
        [
          'reset',
          (_seen, response) => response.socket?.destroy(),
          'hka.transport.connection_reset',
          TaxTransportError,
        ],
      ]
    for (const [label, answer, key, kind] of cases) {
      const server = await stub(answer)
      const transport = new HkaTransport({ url: server.url, timeoutMs: 300 })
      try {
        const error = await transport.foliosRestantes(TOKENS).catch((caught) => caught)
        assert.instanceOf(error, kind, label)
        assert.equal(error.i18nKey, key, label)
        assert.notInclude(
          JSON.stringify(error) + String(error.stack) + JSON.stringify(error.cause),
          'S3CRET',
          label
        )
      } finally {
        await transport.close()
        await server.close()
      }
    }

    const server = await stub(byAction)
    const url = server.url
    await server.close()
    const transport = new HkaTransport({ url, timeoutMs: 1_000 })
    const refused = await transport.foliosRestantes(TOKENS).catch((caught) => caught)
    assert.instanceOf(refused, TaxTransportError)
    assert.equal(refused.i18nKey, 'hka.transport.connection_refused')
    await transport.close()
  })

  test('official endpoints per environment, and bad URLs', ({ assert }) => {
    assert.equal(
      HkaTransport.urlFor('test'),
      'https://demoemision.thefactoryhka.com.pa/ws/obj/v1.0/Service.svc'
    )
    assert.equal(
      HkaTransport.urlFor('production'),
      'https://emision.thefactoryhka.com.pa/ws/obj/v1.0/Service.svc'
    )
    assert.equal(HkaTransport.urlFor('test', 'http://x/y'), 'http://x/y')
    assert.throws(() => new HkaTransport({ url: 'not a url' }), TaxConfigError)
    assert.throws(() => new HkaTransport({ url: 'ftp://x/y' }), TaxConfigError)
  })
})
