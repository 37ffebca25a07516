import { test } from '@japa/runner'
import {
  HkaReplyError,
  parseDescargaReply,
  parseEnviarReply,
  parseEstadoReply,
  parseFoliosReply,
  parseHkaDate,
  parseRastreoReply,
  parseReply,
  parseRucReply,
} from '#adapters/panama_hka/transport/replies'
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
  envelope,
} from './hka_replies.js'

test.group('Panama HKA replies', () => {
  test('Enviar: CUFE, QR, reception date and protocol', ({ assert }) => {
    const reply = parseEnviarReply(ENVIAR_OK)
    assert.isTrue(reply.ok)
    assert.equal(reply.cufe, 'FE0120000155596713-2-2015-5900012019052800055000155650121566749040')
    assert.match(
      reply.qr!,
      /^https:\/\/dgi-fep-test\.mef\.gob\.pa:40001\/Consultas\/FacturasPorQR\?chFE=FE01.*&iAmb=2&/
    )
    assert.equal(reply.receivedAt!.toISOString(), '2019-05-29T13:32:21.000Z')
    assert.equal(reply.protocol, '20190000000000179413')
    // fechaLimite is nil: absent.
    assert.notProperty(reply.fields, 'fechaLimite')
    assert.deepEqual(reply.messages, [
      {
        code: 'HKA-200',
        text: 'El documento se envió correctamente.',
        severity: 'info',
        additionalInfo: 'HKA codigo 200',
      },
    ])
    assert.equal(reply.raw, ENVIAR_OK)
  })

  test('a refusal splits the DGI reasons into messages', ({ assert }) => {
    const reply = parseEnviarReply(ENVIAR_REFUSED)
    assert.isFalse(reply.ok)
    assert.equal(reply.codigo, '100')
    assert.isUndefined(reply.cufe)
    assert.deepEqual(reply.messages, [
      {
        code: '1513',
        text: 'Número del documento fiscal duplicado',
        severity: 'error',
        additionalInfo: 'HKA codigo 100',
      },
      {
        code: '2007',
        text: 'Item 1: valor del ITBMS incorrecto',
        severity: 'error',
        additionalInfo: 'HKA codigo 100',
      },
    ])
  })

  test('EstadoDocumento: status and dates in Panama time', ({ assert }) => {
    const reply = parseEstadoReply(ESTADO_OK)
    assert.equal(reply.status, 'Autorizada')
    assert.equal(reply.statusMessage, 'Autorizado el uso de la FE')
    assert.equal(reply.receivedAt!.toISOString(), '2023-04-10T15:29:07.000Z')
    assert.equal(reply.issuedAt!.toISOString(), '2023-04-10T15:29:09.000Z')
  })

  test('FoliosRestantes: licence, cycle and folios (foliosDisponibleCiclo without the s)', ({
    assert,
  }) => {
    const reply = parseFoliosReply(FOLIOS_OK)
    assert.deepEqual(
      {
        licence: reply.licence,
        licencePeriod: reply.licencePeriod,
        cycle: reply.cycle,
        cyclePeriod: reply.cyclePeriod,
        cycleTotal: reply.cycleTotal,
        cycleUsed: reply.cycleUsed,
        cycleAvailable: reply.cycleAvailable,
        licenceTotal: reply.licenceTotal,
      },
      {
        licence: 'URFT-F1E3-VSGY',
        licencePeriod: { from: '2020-08-12', to: '2021-08-12' },
        cycle: 2,
        cyclePeriod: { from: '2020-09-12', to: '2020-10-12' },
        cycleTotal: 5000,
        cycleUsed: 0,
        cycleAvailable: 5000,
        licenceTotal: 60000,
      }
    )
    const spelledWithS = FOLIOS_OK.replace(/foliosDisponibleCiclo/g, 'foliosDisponiblesCiclo')
    assert.equal(parseFoliosReply(spelledWithS).cycleAvailable, 5000)
  })

  test('AnulacionDocumento, DescargaPDF, RastreoCorreo, ConsultarRucDV', ({ assert }) => {
    assert.equal(parseReply(ANULACION_OK, 'AnulacionDocumento').resultado, 'procesado')
    assert.equal(
      parseDescargaReply(DESCARGA_PDF_OK, 'DescargaPDF').file!.toString(),
      '%PDF-1.4 CAFE'
    )
    assert.deepEqual(parseRastreoReply(RASTREO_OK).entries, [
      {
        email: 'cliente@pacifico.test',
        createdAt: '2024-02-01 10:00:00',
        status: 'delivered',
        messageId: 'm-1',
      },
    ])
    const ruc = parseRucReply(RUC_OK)
    assert.deepEqual(
      [ruc.taxpayerType, ruc.ruc, ruc.dv, ruc.legalName, ruc.affiliation],
      ['2', '155596713-2-2015', '59', 'THE FACTORY HKA CORP', 'SI']
    )
  })

  test('a SOAP fault, another operation or garbage is a reply error', ({ assert }) => {
    assert.throws(() => parseReply(WCF_FAULT, 'Enviar'), /SOAP fault: Object reference/)
    assert.throws(() => parseReply(ENVIAR_OK, 'EstadoDocumento'), /no EstadoDocumentoResponse/)
    assert.throws(() => parseReply('<html>oops</htm>', 'Enviar'), HkaReplyError)
    assert.throws(
      () => parseReply(envelope('Enviar', '<a:mensaje>x</a:mensaje>'), 'Enviar'),
      /no codigo/
    )
    assert.throws(
      () =>
        parseDescargaReply(
          envelope('DescargaXML', '<a:codigo>200</a:codigo><a:documento>%%%</a:documento>'),
          'DescargaXML'
        ),
      /not Base64/
    )
  })

  test('both date forms HKA sends', ({ assert }) => {
    assert.equal(
      parseHkaDate('2019-05-29T13:32:21+00:00')!.toISOString(),
      '2019-05-29T13:32:21.000Z'
    )
    assert.equal(
      parseHkaDate('2024-01-02T08:00:00-05:00')!.toISOString(),
      '2024-01-02T13:00:00.000Z'
    )
    assert.equal(parseHkaDate('2023-04-10 10:29:07')!.toISOString(), '2023-04-10T15:29:07.000Z')
    assert.isUndefined(parseHkaDate('10/04/2023'))
    assert.isUndefined(parseHkaDate(undefined))
  })
})
