/*
 * Golden tests of the request bodies: each operation element Facturo sends,
 * compared with the one of HKA's demo Postman collection (read at test time
 * from ../shared), namespace by namespace and element by element, in order.
 */
import { test } from '@japa/runner'
import { parseXml } from '#adapters/core/xml_dom'
import {
  anulacionRequest,
  consultarRucRequest,
  descargaPdfRequest,
  documentRequest,
  enviarRequest,
  envioCorreoRequest,
  foliosRequest,
  rastreoRequest,
} from '#adapters/panama_hka/transport/requests'
import { PanamaAuthority } from '#adapters/panama_hka/panama_authority'
import { postmanRequests } from '#adapters/panama_hka/testing/hka_examples'
import { sampleInvoice, sampleIssuer } from '#adapters/panama_hka/testing/fixtures'
import { COMPROBANTE_NS, TEMPURI_NS } from '#adapters/panama_hka/namespaces'

const TOKENS = { tokenEmpresa: 'TOKENEMPRESA', tokenPassword: 'TOKENPASSWORD' }

/** `{namespace}name = text` of every element, depth-first, comments and blanks ignored. */
function shape(xml: string): string[] {
  const { document, errors } = parseXml(xml)
  if (!document || errors.length > 0) throw new Error(`not XML: ${errors[0]}`)
  let root: Element = document.documentElement
  if (root.localName === 'Envelope') {
    const body = Array.from(root.childNodes as ArrayLike<Node>).find(
      (node): node is Element => node.nodeType === 1 && (node as Element).localName === 'Body'
    )!
    root = Array.from(body.childNodes as ArrayLike<Node>).find(
      (node): node is Element => node.nodeType === 1
    )!
  }
  const out: string[] = []
  const walk = (element: Element, depth: number) => {
    const children = Array.from(element.childNodes as ArrayLike<Node>).filter(
      (node): node is Element => node.nodeType === 1
    )
    const text = children.length === 0 ? ` = ${(element.textContent ?? '').trim()}` : ''
    out.push(`${'  '.repeat(depth)}{${element.namespaceURI}}${element.localName}${text}`)
    for (const child of children) walk(child, depth + 1)
  }
  walk(root, 0)
  return out
}

function postman(name: string) {
  const request = postmanRequests().find((candidate) => candidate.name === name)
  if (!request) throw new Error(`no "${name}" in the Postman collection`)
  return request
}

const DD = {
  establishmentCode: '0000',
  number: '9992529168',
  emissionPointCode: '001',
  documentType: '01',
  emissionType: '01',
}

test.group('Panama HKA requests | golden, HKA demo Postman collection', () => {
  test('EstadoDocumento', ({ assert }) => {
    assert.deepEqual(
      shape(documentRequest('EstadoDocumento', TOKENS, DD)),
      shape(postman('EstadoDocumento').body)
    )
  })

  test('AnulacionDocumento (the Postman item is called "Anulacion")', ({ assert }) => {
    const request = postman('Anulacion')
    assert.equal(request.soapAction, 'http://tempuri.org/IService/AnulacionDocumento')
    assert.deepEqual(
      shape(anulacionRequest(TOKENS, 'test de anulacion', { ...DD, number: '9992529178' })),
      shape(request.body)
    )
  })

  test('DescargaXML and DescargaPDF', ({ assert }) => {
    const data = { ...DD, number: '0076660568', emissionPointCode: '003' }
    assert.deepEqual(
      shape(documentRequest('DescargaXML', TOKENS, data)),
      shape(postman('DescargaXML').body)
    )
    assert.deepEqual(shape(descargaPdfRequest(TOKENS, data)), shape(postman('DescargaPDF').body))
  })

  test('FoliosRestantes: tempuri only', ({ assert }) => {
    assert.deepEqual(shape(foliosRequest(TOKENS)), shape(postman('FoliosRestantes').body))
  })

  test('EnvioCorreo: the address after datosDocumento', ({ assert }) => {
    const data = {
      ...DD,
      establishmentCode: '0001',
      number: '0000000079',
      emissionPointCode: '222',
    }
    assert.deepEqual(
      shape(envioCorreoRequest(TOKENS, data, 'correo@mail.com')),
      shape(postman('EnvioCorreo').body)
    )
  })

  test('RastreoCorreo: by CUFE', ({ assert }) => {
    assert.deepEqual(
      shape(rastreoRequest(TOKENS, 'CUFEDOCUMENTO')),
      shape(postman('RastreoCorreo').body)
    )
  })

  test('ConsultarRucDV: the tokens inside consultarRucDVRequest, in Services.ApiRest', ({
    assert,
  }) => {
    const request = consultarRucRequest(TOKENS, '1-NATURAL, 2-JURIDICO' as '1', 'RUC')
    assert.deepEqual(shape(request), shape(postman('ConsultarRucDV').body))
  })

  test('Enviar: tokens, then the documento in Services.ObjComprobante.v1_0', async ({ assert }) => {
    const authority = new PanamaAuthority()
    const built = await authority.buildDocument(sampleInvoice(), sampleIssuer())
    const ours = shape(enviarRequest(TOKENS, built.body))
    const theirs = shape(postman('Enviar').body)
    // The operation, the tokens and the documento element itself…
    assert.deepEqual(ours.slice(0, 4), theirs.slice(0, 4))
    assert.equal(ours[3], `  {${TEMPURI_NS}}documento`)
    // …and every element below it in the data-contract namespace of Enviar.
    for (const line of ours.slice(4)) assert.include(line, `{${COMPROBANTE_NS}}`)
    assert.throws(() => enviarRequest(TOKENS, '<x/>'), /not an HKA documento/)
  })

  test('every SOAPAction is http://tempuri.org/IService/<operation>', ({ assert }) => {
    for (const request of postmanRequests()) {
      assert.match(request.soapAction, /^http:\/\/tempuri\.org\/IService\/\w+$/)
    }
    assert.lengthOf(postmanRequests(), 9)
  })

  test('tokens and text are escaped', ({ assert }) => {
    const request = foliosRequest({ tokenEmpresa: 'a<b', tokenPassword: 'c&d' })
    assert.include(request, '<tem:tokenEmpresa>a&lt;b</tem:tokenEmpresa>')
    assert.include(request, '<tem:tokenPassword>c&amp;d</tem:tokenPassword>')
  })
})
