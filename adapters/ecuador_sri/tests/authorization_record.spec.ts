/*
 * The authorized XML as SRI returns it. The simulator's autorizacionComprobante
 * reply validates against the schema inside SRI's own WSDL (the reference
 * copy), and the parser keeps the `<autorizacion>` element as a document of
 * its own, CDATA and bytes included, from the simulator and from a reply
 * shaped like a production one.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import { SriAuthority } from '#adapters/ecuador_sri/sri_authority'
import { startSriSimulator } from '#adapters/ecuador_sri/simulator/server'
import {
  sampleCredential,
  sampleIssuer,
  tenLineInvoice,
} from '#adapters/ecuador_sri/testing/fixtures'
import { SRI_XSD_DIR, verifyWithXmlsec } from '#adapters/ecuador_sri/testing/xml_checks'
import { parseAuthorizationReply } from '#adapters/ecuador_sri/transport/reply_parser'

const TNS = 'http://ec.gob.sri.ws.autorizacion'

/**
 * Validates a reply's autorizacionComprobanteResponse with the schema
 * embedded in SRI's WSDL, with one change: the WSDL lists `autorizacion`
 * by `ref` (a namespace-qualified global element), but SRI's replies carry
 * it unqualified, `<autorizaciones><autorizacion>…`, and every public
 * client reads it that way (JAX-WS publishes the schema one way and writes
 * the other). The check keeps everything else: element names, order,
 * xs:dateTime for fechaAutorizacion.
 */
function validateWithWsdlSchema(raw: string): { valid: boolean; output: string } {
  const wsdl = readFileSync(join(SRI_XSD_DIR, 'AutorizacionComprobantesOffline.wsdl'), 'utf8')
  const schema = /<xs:schema[\s\S]*<\/xs:schema>/
    .exec(wsdl)![0]
    .replace(
      '<xs:element maxOccurs="unbounded" minOccurs="0" ref="tns:autorizacion"/>',
      '<xs:element maxOccurs="unbounded" minOccurs="0" name="autorizacion" type="tns:autorizacion"/>'
    )
  const response =
    /<(\w+):autorizacionComprobanteResponse[\s\S]*<\/\1:autorizacionComprobanteResponse>/.exec(raw)!
  // The element alone, with its prefix declared on itself.
  const declaration = `xmlns:${response[1]}="${TNS}"`
  const element = response[0].includes(declaration)
    ? response[0]
    : response[0].replace(
        new RegExp(`^<${response[1]}:autorizacionComprobanteResponse`),
        `<${response[1]}:autorizacionComprobanteResponse ${declaration}`
      )
  const dir = mkdtempSync(join(tmpdir(), 'facturo-wsdl-'))
  try {
    writeFileSync(join(dir, 'schema.xsd'), schema)
    const result = spawnSync('xmllint', ['--noout', '--schema', join(dir, 'schema.xsd'), '-'], {
      input: element,
      encoding: 'utf8',
    })
    const output = `${result.stdout}${result.stderr}`
    return { valid: result.status === 0 && /validates/.test(output), output }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function cdataOf(record: string): string {
  const match = /<comprobante>((?:<!\[CDATA\[[\s\S]*?\]\]>)+)<\/comprobante>/.exec(record)!
  return [...match[1].matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)].map((part) => part[1]).join('')
}

test.group('SRI authorization record | simulator', (group) => {
  let simulator: Awaited<ReturnType<typeof startSriSimulator>>
  let authority: SriAuthority
  group.setup(async () => {
    simulator = await startSriSimulator({ port: 0 })
    authority = new SriAuthority({
      receptionUrl: simulator.receptionUrl,
      authorizationUrl: simulator.authorizationUrl,
    })
    return async () => {
      await authority.close()
      await simulator.close()
    }
  })

  test('the autorizacionComprobante reply has the WSDL shape, and the record keeps the signed bytes', async ({
    assert,
  }) => {
    const issuer = sampleIssuer()
    const doc = tenLineInvoice(9_101)
    // An attribute may hold "]]>" (C14N keeps ">" raw there): the CDATA must be split, not broken.
    doc.additionalInfo = [{ name: 'Nota ]]> final', value: 'ok' }]
    const signed = await authority.sign(await authority.buildDocument(doc, issuer), issuer)
    const received = await authority.submit(signed, issuer)
    assert.equal(received.status, 'received')
    const status = await authority.checkStatus({ authorityKey: signed.authorityKey }, issuer)
    assert.equal(status.status, 'authorized')

    const shape = validateWithWsdlSchema(status.raw)
    assert.isTrue(shape.valid, shape.output)

    const record = status.authorizationRecord!
    assert.match(record, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<autorizacion>/)
    assert.include(record, '<estado>AUTORIZADO</estado>')
    assert.include(record, `<numeroAutorizacion>${signed.authorityKey}</numeroAutorizacion>`)
    assert.include(record, '<ambiente>PRUEBAS</ambiente>')
    const inner = cdataOf(record)
    assert.isTrue(Buffer.from(inner, 'utf8').equals(Buffer.from(signed.body, 'utf8')))
    const verified = verifyWithXmlsec(inner, sampleCredential().p12.ca.pem, 'factura')
    assert.isTrue(verified.valid, verified.output)
  })
})

test.group('SRI authorization record | production-shaped reply', () => {
  test('ns2 prefix, PRODUCCIÓN, CDATA: the record is the autorizacion element as sent', ({
    assert,
  }) => {
    const comprobante =
      '<?xml version="1.0" encoding="UTF-8"?><factura id="comprobante" version="1.1.0"><infoTributaria><razonSocial>MUÑOZ &amp; ASOCIADOS</razonSocial></infoTributaria></factura>'
    const autorizacion =
      '<autorizacion><estado>AUTORIZADO</estado>' +
      '<numeroAutorizacion>2512202201179236683600110010010000000013121521410</numeroAutorizacion>' +
      '<fechaAutorizacion>2022-12-25T10:20:11-05:00</fechaAutorizacion>' +
      '<ambiente>PRODUCCIÓN</ambiente>' +
      `<comprobante><![CDATA[${comprobante}]]></comprobante>` +
      '<mensajes/></autorizacion>'
    const raw =
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
      `<ns2:autorizacionComprobanteResponse xmlns:ns2="${TNS}"><RespuestaAutorizacionComprobante>` +
      '<claveAccesoConsultada>2512202201179236683600110010010000000013121521410</claveAccesoConsultada>' +
      `<numeroComprobantes>1</numeroComprobantes><autorizaciones>${autorizacion}</autorizaciones>` +
      '</RespuestaAutorizacionComprobante></ns2:autorizacionComprobanteResponse></soap:Body></soap:Envelope>'

    const shape = validateWithWsdlSchema(raw)
    assert.isTrue(shape.valid, shape.output)
    const result = parseAuthorizationReply(raw)
    assert.equal(result.status, 'authorized')
    assert.equal(
      result.authorizationRecord,
      `<?xml version="1.0" encoding="UTF-8"?>\n${autorizacion}`
    )
    assert.equal(result.authorizedDocument, comprobante)
  })

  test('no record for a rejected document', ({ assert }) => {
    const raw =
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
      `<ns2:autorizacionComprobanteResponse xmlns:ns2="${TNS}"><RespuestaAutorizacionComprobante>` +
      '<claveAccesoConsultada>1</claveAccesoConsultada><numeroComprobantes>1</numeroComprobantes>' +
      '<autorizaciones><autorizacion><estado>NO AUTORIZADO</estado>' +
      '<fechaAutorizacion>2022-12-25T10:20:11-05:00</fechaAutorizacion><ambiente>PRUEBAS</ambiente>' +
      '<mensajes><mensaje><identificador>52</identificador><mensaje>ERROR EN DIFERENCIAS</mensaje>' +
      '<tipo>ERROR</tipo></mensaje></mensajes></autorizacion></autorizaciones>' +
      '</RespuestaAutorizacionComprobante></ns2:autorizacionComprobanteResponse></soap:Body></soap:Envelope>'
    const result = parseAuthorizationReply(raw)
    assert.equal(result.status, 'rejected')
    assert.isUndefined(result.authorizationRecord)
  })
})
