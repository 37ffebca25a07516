/*
 * SRI replies as they arrive on the wire (SRI's own prefixes and layout,
 * not the simulator's), parsed into the contract's results.
 */
import { test } from '@japa/runner'
import {
  parseAuthorizationReply,
  parseReceptionReply,
  parseSriDate,
  pickAuthorization,
  SriReplyError,
} from '#adapters/ecuador_sri/transport/reply_parser'
import { errorOf } from '#adapters/core/testing/errors'

const KEY = '2501202201179236683600110010010000000013121521410'

const envelope = (body: string) =>
  `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${body}</soap:Body></soap:Envelope>`

const reception = (inner: string) =>
  envelope(
    `<ns2:validarComprobanteResponse xmlns:ns2="http://ec.gob.sri.ws.recepcion"><RespuestaRecepcionComprobante>${inner}</RespuestaRecepcionComprobante></ns2:validarComprobanteResponse>`
  )

const authorization = (inner: string) =>
  envelope(
    `<ns2:autorizacionComprobanteResponse xmlns:ns2="http://ec.gob.sri.ws.autorizacion"><RespuestaAutorizacionComprobante>${inner}</RespuestaAutorizacionComprobante></ns2:autorizacionComprobanteResponse>`
  )

const SIGNED =
  '<?xml version="1.0" encoding="UTF-8"?><factura id="comprobante" version="2.1.0"><infoTributaria><claveAcceso>' +
  KEY +
  '</claveAcceso></infoTributaria><razon>A &amp; B</razon></factura>'

test.group('SRI replies | recepción', () => {
  test('RECIBIDA with an empty comprobantes list is received', ({ assert }) => {
    const raw = reception('<estado>RECIBIDA</estado><comprobantes/>')
    const result = parseReceptionReply(raw)
    assert.equal(result.status, 'received')
    assert.deepEqual(result.messages, [])
    assert.equal(result.raw, raw)
  })

  test('DEVUELTA lists every message with identificador, texts and tipo', ({ assert }) => {
    const raw =
      reception(`<estado>DEVUELTA</estado><comprobantes><comprobante><claveAcceso>${KEY}</claveAcceso><mensajes>
      <mensaje><identificador>35</identificador><mensaje>ARCHIVO NO CUMPLE ESTRUCTURA XML</mensaje><informacionAdicional>cvc-complex-type.2.4.a: Invalid content was found starting with element 'claveAcceso'</informacionAdicional><tipo>ERROR</tipo></mensaje>
      <mensaje><identificador>60</identificador><mensaje>ESTE PROCESO FUE REALIZADO EN EL AMBIENTE DE PRUEBAS</mensaje><tipo>ADVERTENCIA</tipo></mensaje>
    </mensajes></comprobante></comprobantes>`)
    const result = parseReceptionReply(raw)
    assert.equal(result.status, 'rejected')
    assert.deepEqual(result.accessKeys, [KEY])
    assert.deepEqual(result.messages, [
      {
        code: '35',
        text: 'ARCHIVO NO CUMPLE ESTRUCTURA XML',
        additionalInfo:
          "cvc-complex-type.2.4.a: Invalid content was found starting with element 'claveAcceso'",
        severity: 'error',
      },
      {
        code: '60',
        text: 'ESTE PROCESO FUE REALIZADO EN EL AMBIENTE DE PRUEBAS',
        severity: 'warning',
      },
    ])
  })

  test('qualified comprobante/mensaje elements parse the same', ({ assert }) => {
    const raw = reception(
      `<estado>DEVUELTA</estado><comprobantes><ns2:comprobante xmlns:ns2="http://ec.gob.sri.ws.recepcion"><claveAcceso>${KEY}</claveAcceso><mensajes><ns2:mensaje><identificador>43</identificador><mensaje>CLAVE ACCESO REGISTRADA</mensaje><tipo>ERROR</tipo></ns2:mensaje></mensajes></ns2:comprobante></comprobantes>`
    )
    assert.equal(parseReceptionReply(raw).messages[0].code, '43')
  })

  test('an unknown estado, a fault or non-XML is an unreadable reply', ({ assert }) => {
    assert.throws(() => parseReceptionReply(reception('<estado>QUIZAS</estado>')), /estado/)
    assert.throws(
      () =>
        parseReceptionReply(
          envelope(
            '<soap:Fault><faultcode>soap:Server</faultcode><faultstring>x</faultstring></soap:Fault>'
          )
        ),
      /fault/
    )
    assert.throws(() => parseReceptionReply('<html><body>Service Unavailable</body></html>'))
    assert.throws(() => parseReceptionReply('<<<'))
    assert.equal(errorOf(() => parseReceptionReply(''), SriReplyError).kind, 'bad_reply')
  })
})

test.group('SRI replies | autorización', () => {
  test('AUTORIZADO with CDATA keeps the authorized XML byte for byte', ({ assert }) => {
    const raw =
      authorization(`<claveAccesoConsultada>${KEY}</claveAccesoConsultada><numeroComprobantes>1</numeroComprobantes><autorizaciones><autorizacion>
      <estado>AUTORIZADO</estado><numeroAutorizacion>${KEY}</numeroAutorizacion><fechaAutorizacion>2022-01-25T10:20:11-05:00</fechaAutorizacion><ambiente>PRUEBAS</ambiente>
      <comprobante><![CDATA[${SIGNED}]]></comprobante><mensajes/></autorizacion></autorizaciones>`)
    const result = parseAuthorizationReply(raw)
    assert.equal(result.status, 'authorized')
    assert.equal(result.authorizationNumber, KEY)
    assert.equal(result.accessKey, KEY)
    assert.equal(result.environment, 'PRUEBAS')
    assert.equal(result.authorizedAt?.toISOString(), '2022-01-25T15:20:11.000Z')
    assert.equal(result.authorizedDocument, SIGNED)
    assert.deepEqual(result.messages, [])
    assert.equal(result.raw, raw)
  })

  test('an escaped (non-CDATA) comprobante is unescaped', ({ assert }) => {
    const escaped = SIGNED.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    const raw = authorization(
      `<claveAccesoConsultada>${KEY}</claveAccesoConsultada><numeroComprobantes>1</numeroComprobantes><autorizaciones><autorizacion><estado>AUTORIZADO</estado><numeroAutorizacion>${KEY}</numeroAutorizacion><fechaAutorizacion>25/01/2022 10:20:11</fechaAutorizacion><ambiente>PRODUCCIÓN</ambiente><comprobante>${escaped}</comprobante></autorizacion></autorizaciones>`
    )
    const result = parseAuthorizationReply(raw)
    assert.equal(result.authorizedDocument, SIGNED)
    assert.equal(result.environment, 'PRODUCCIÓN')
    assert.equal(result.authorizedAt?.toISOString(), '2022-01-25T15:20:11.000Z')
  })

  test('NO AUTORIZADO is rejected with its messages', ({ assert }) => {
    const raw = authorization(
      `<claveAccesoConsultada>${KEY}</claveAccesoConsultada><numeroComprobantes>1</numeroComprobantes><autorizaciones><autorizacion><estado>NO AUTORIZADO</estado><fechaAutorizacion>2022-01-25T10:20:11-05:00</fechaAutorizacion><ambiente>PRUEBAS</ambiente><comprobante><![CDATA[${SIGNED}]]></comprobante><mensajes><mensaje><identificador>39</identificador><mensaje>FIRMA INVALIDA</mensaje><informacionAdicional>La firma es invalida [Firma inválida (firma y/o certificados alterados)]</informacionAdicional><tipo>ERROR</tipo></mensaje></mensajes></autorizacion></autorizaciones>`
    )
    const result = parseAuthorizationReply(raw)
    assert.equal(result.status, 'rejected')
    assert.equal(result.messages[0].code, '39')
    assert.equal(result.messages[0].text, 'FIRMA INVALIDA')
    assert.include(result.messages[0].additionalInfo!, 'firma y/o certificados alterados')
    assert.isUndefined(result.authorizationNumber)
    assert.isUndefined(result.authorizedDocument)
  })

  test('EN PROCESO with 70 is pending', ({ assert }) => {
    const raw = authorization(
      `<claveAccesoConsultada>${KEY}</claveAccesoConsultada><numeroComprobantes>1</numeroComprobantes><autorizaciones><autorizacion><estado>EN PROCESO</estado><mensajes><mensaje><identificador>70</identificador><mensaje>CLAVE DE ACCESO EN PROCESAMIENTO</mensaje><tipo>ERROR</tipo></mensaje></mensajes></autorizacion></autorizaciones>`
    )
    const result = parseAuthorizationReply(raw)
    assert.equal(result.status, 'pending')
    assert.equal(result.messages[0].code, '70')
  })

  test('numeroComprobantes 0 with no entries means SRI does not know the clave', ({ assert }) => {
    const raw = authorization(
      `<claveAccesoConsultada>${KEY}</claveAccesoConsultada><numeroComprobantes>0</numeroComprobantes><autorizaciones/>`
    )
    const result = parseAuthorizationReply(raw)
    assert.equal(result.status, 'unknown')
    assert.equal(result.documentCount, 0)
    assert.deepEqual(result.entries, [])
  })

  test('entries announced but not listed yet are pending', ({ assert }) => {
    const raw = authorization(
      `<claveAccesoConsultada>${KEY}</claveAccesoConsultada><numeroComprobantes>1</numeroComprobantes><autorizaciones/>`
    )
    assert.equal(parseAuthorizationReply(raw).status, 'pending')
  })

  test('several entries: an AUTORIZADO wins even when it is not the newest', ({ assert }) => {
    const raw =
      authorization(`<claveAccesoConsultada>${KEY}</claveAccesoConsultada><numeroComprobantes>3</numeroComprobantes><autorizaciones>
      <autorizacion><estado>NO AUTORIZADO</estado><fechaAutorizacion>2022-01-25T09:00:00-05:00</fechaAutorizacion><ambiente>PRUEBAS</ambiente><mensajes><mensaje><identificador>39</identificador><mensaje>FIRMA INVALIDA</mensaje><tipo>ERROR</tipo></mensaje></mensajes></autorizacion>
      <autorizacion><estado>AUTORIZADO</estado><numeroAutorizacion>${KEY}</numeroAutorizacion><fechaAutorizacion>2022-01-25T10:00:00-05:00</fechaAutorizacion><ambiente>PRUEBAS</ambiente><comprobante><![CDATA[${SIGNED}]]></comprobante></autorizacion>
      <autorizacion><estado>NO AUTORIZADO</estado><fechaAutorizacion>2022-01-25T11:00:00-05:00</fechaAutorizacion><ambiente>PRUEBAS</ambiente><mensajes><mensaje><identificador>43</identificador><mensaje>CLAVE ACCESO REGISTRADA</mensaje><tipo>ERROR</tipo></mensaje></mensajes></autorizacion>
    </autorizaciones>`)
    const result = parseAuthorizationReply(raw)
    assert.equal(result.status, 'authorized')
    assert.equal(result.authorizedAt?.toISOString(), '2022-01-25T15:00:00.000Z')
    assert.lengthOf(result.entries, 3)
    assert.equal(result.authorizedDocument, SIGNED)
  })

  test('several entries without AUTORIZADO: the newest by date decides, whatever the order', ({
    assert,
  }) => {
    const raw =
      authorization(`<claveAccesoConsultada>${KEY}</claveAccesoConsultada><numeroComprobantes>2</numeroComprobantes><autorizaciones>
      <autorizacion><estado>EN PROCESO</estado><fechaAutorizacion>26/01/2022 08:00:00</fechaAutorizacion></autorizacion>
      <autorizacion><estado>NO AUTORIZADO</estado><fechaAutorizacion>2022-01-25T11:00:00-05:00</fechaAutorizacion><mensajes><mensaje><identificador>39</identificador><mensaje>FIRMA INVALIDA</mensaje><tipo>ERROR</tipo></mensaje></mensajes></autorizacion>
    </autorizaciones>`)
    const result = parseAuthorizationReply(raw)
    assert.equal(result.status, 'pending')
  })

  test('pickAuthorization falls back to reply order when dates are missing', ({ assert }) => {
    const chosen = pickAuthorization([
      { state: 'NO AUTORIZADO', messages: [] },
      { state: 'EN PROCESO', messages: [] },
    ])
    assert.equal(chosen?.state, 'EN PROCESO')
  })

  test('an unknown estado is an unreadable reply', ({ assert }) => {
    const raw = authorization(
      `<claveAccesoConsultada>${KEY}</claveAccesoConsultada><numeroComprobantes>1</numeroComprobantes><autorizaciones><autorizacion><estado>RARO</estado></autorizacion></autorizaciones>`
    )
    assert.throws(() => parseAuthorizationReply(raw), SriReplyError)
  })
})

test.group('SRI replies | fechaAutorizacion formats', () => {
  const rows: Array<[string, string | undefined]> = [
    ['2022-01-25T10:20:11-05:00', '2022-01-25T15:20:11.000Z'],
    ['2022-01-25T10:20:11.123-05:00', '2022-01-25T15:20:11.123Z'],
    ['2022-01-25T15:20:11Z', '2022-01-25T15:20:11.000Z'],
    // No offset: Ecuador local time (UTC−5).
    ['2022-01-25T10:20:11', '2022-01-25T15:20:11.000Z'],
    // Older SRI services: day first, local time. 03/04 is 3 April, not 4 March.
    ['03/04/2024 10:20:11', '2024-04-03T15:20:11.000Z'],
    ['25/01/2022 23:59:59', '2022-01-26T04:59:59.000Z'],
    ['5/1/2022 8:05', '2022-01-05T13:05:00.000Z'],
    ['31/02/2022 10:00:00', undefined],
    ['mañana', undefined],
    ['', undefined],
  ]
  for (const [text, expected] of rows) {
    test(`"${text}" → ${expected ?? 'undefined'}`, ({ assert }) => {
      assert.equal(parseSriDate(text)?.toISOString(), expected)
    })
  }
})
