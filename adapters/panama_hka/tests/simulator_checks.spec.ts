/*
 * The simulator's checks of a documento: what makes HKA or the DGI refuse
 * one, each rule on a document Facturo built and then spoiled by hand.
 */
import { test } from '@japa/runner'
import { parseXml } from '#adapters/core/xml_dom'
import type { TaxDocument } from '#adapters/core/types'
import { PanamaAuthority } from '#adapters/panama_hka/panama_authority'
import { checkDocumento } from '#adapters/panama_hka/simulator/documento_checks'
import {
  SAMPLE_BUYER,
  sampleCreditNote,
  sampleInvoice,
  sampleIssuer,
} from '#adapters/panama_hka/testing/fixtures'

const NOW = new Date('2026-03-02T20:00:00Z')

async function body(doc: TaxDocument = sampleInvoice(7, '2026-03-02')) {
  const authority = new PanamaAuthority()
  const built = await authority.buildDocument(doc, sampleIssuer())
  return built.body.replace(
    'T00:00:00-05:00</ser:fechaEmision>',
    'T14:00:00-05:00</ser:fechaEmision>'
  )
}

function check(xml: string) {
  const { document } = parseXml(xml)
  return checkDocumento(document!.documentElement, NOW)
}

function problems(xml: string): string[] {
  const result = check(xml)
  if (result.ok) return []
  return result.problems.map((problem) =>
    problem.code ? `${problem.code}-${problem.text}` : problem.text
  )
}

test.group('HKA simulator | documento checks', () => {
  test('a documento Facturo builds passes, and its facts are kept', async ({ assert }) => {
    const result = check(await body())
    assert.isTrue(result.ok, JSON.stringify(result))
    if (!result.ok) return
    assert.deepInclude(result.facts, {
      establishmentCode: '0000',
      number: '0000000007',
      emissionPointCode: '001',
      documentType: '01',
      emissionType: '01',
      customerType: '01',
      total: '22.02',
      items: 2,
    })
  })

  test('N(10) numbers, punto ≠ 000, the date with its offset, not in the future', async ({
    assert,
  }) => {
    const xml = await body()
    assert.deepEqual(problems(xml.replace('>0000000007<', '>7<')), [
      'datosTransaccion/numeroDocumentoFiscal: N(10), de 0000000001 a 9999999999, con ceros a la izquierda',
    ])
    assert.deepEqual(
      problems(xml.replace('<ser:puntoFacturacionFiscal>001', '<ser:puntoFacturacionFiscal>000')),
      ['datosTransaccion/puntoFacturacionFiscal: 3 dígitos, distinto de 000']
    )
    assert.deepEqual(problems(xml.replace('T14:00:00-05:00', 'T14:00:00')), [
      'datosTransaccion/fechaEmision: formato AAAA-MM-DDThh:mm:ss-05:00',
    ])
    assert.deepEqual(problems(xml.replace('2026-03-02T14:00:00', '2026-03-03T14:00:00')), [
      'datosTransaccion/fechaEmision: posterior a la fecha de recepción',
    ])
  })

  test('empty, out-of-order, unknown and foreign-namespace elements', async ({ assert }) => {
    const xml = await body()
    assert.deepInclude(
      problems(
        xml.replace(
          '<ser:tipoOperacion>1</ser:tipoOperacion>',
          '<ser:tipoOperacion></ser:tipoOperacion>'
        )
      ),
      'datosTransaccion/tipoOperacion: elemento vacío; los campos que no aplican no se informan'
    )
    const swapped = xml.replace(
      '<ser:tipoEmision>01</ser:tipoEmision>\n    <ser:tipoDocumento>01</ser:tipoDocumento>',
      '<ser:tipoDocumento>01</ser:tipoDocumento>\n    <ser:tipoEmision>01</ser:tipoEmision>'
    )
    assert.notEqual(swapped, xml)
    assert.deepInclude(problems(swapped), 'datosTransaccion/tipoEmision: fuera de orden')
    assert.deepInclude(
      problems(
        xml.replace('<ser:tipoSucursal>', '<ser:sucursal>X</ser:sucursal><ser:tipoSucursal>')
      ),
      'documento/sucursal: elemento desconocido'
    )
    const modelNs = xml.replace(
      '<ser:codigoSucursalEmisor>0000</ser:codigoSucursalEmisor>',
      '<m:codigoSucursalEmisor xmlns:m="http://schemas.datacontract.org/2004/07/Services.Model">0000</m:codigoSucursalEmisor>'
    )
    assert.deepInclude(
      problems(modelNs),
      'documento/codigoSucursalEmisor: fuera del espacio de nombres de Enviar (http://schemas.datacontract.org/2004/07/Services.ObjComprobante.v1_0)'
    )
  })

  test('cliente 01: a valid DV, razón social and dirección', async ({ assert }) => {
    const wrongDv = await body({
      ...sampleInvoice(7, '2026-03-02'),
      buyer: { ...SAMPLE_BUYER, checkDigits: '11' },
    })
    assert.deepEqual(problems(wrongDv), [
      'datosTransaccion/cliente: El dígito verificador 11 no corresponde al RUC 155631118-2-2016.',
    ])
    const xml = await body()
    const noAddress = xml.replace(/<ser:direccion>[^<]*<\/ser:direccion>/, '')
    assert.deepEqual(problems(noAddress), [
      'datosTransaccion/cliente/direccion: requerido para contribuyente y gobierno',
    ])
  })

  test('cliente 02: never a juridical RUC', async ({ assert }) => {
    const xml = await body({
      ...sampleInvoice(7, '2026-03-02'),
      buyer: { ...SAMPLE_BUYER, identificationType: '02' },
    })
    assert.deepEqual(problems(xml), [
      'datosTransaccion/cliente: un RUC jurídico debe declararse como contribuyente, no como consumidor final',
    ])
  })

  test('cliente 04 with RUC fields: HKA answers "Error al procesar solicitud"', async ({
    assert,
  }) => {
    const foreign = await body({
      ...sampleInvoice(7, '2026-03-02'),
      buyer: {
        identificationType: '04',
        identification: 'PA123',
        foreignIdType: '01',
        foreignCountry: 'Colombia',
        name: 'John Smith',
      },
    })
    const xml = foreign.replace(
      '<ser:tipoClienteFE>04</ser:tipoClienteFE>',
      '<ser:tipoClienteFE>04</ser:tipoClienteFE><ser:tipoContribuyente>1</ser:tipoContribuyente>'
    )
    const result = check(xml)
    assert.isFalse(result.ok)
    assert.isTrue(!result.ok && result.foreignWithRuc)
  })

  test('cliente 03: CPBS on every item, reported as DGI 2007', async ({ assert }) => {
    const doc = sampleInvoice(7, '2026-03-02')
    doc.buyer = {
      identificationType: '03',
      identification: '8-NT-1-13656',
      checkDigits: '43',
      taxpayerType: '2',
      name: 'MINISTERIO DE EDUCACION',
      address: 'Calle Ernesto Jaén Guardia, Edificio 6525',
    }
    doc.lines[1].additionalDetails = [{ name: 'CPBS', value: '7210' }]
    assert.deepEqual(problems(await body(doc)), [
      '2007-Item 1: codigoCPBSAbrev requerido en ventas al gobierno',
      '2007-Item 1: codigoCPBS requerido en ventas al gobierno',
      '2007-Item 1: unidadMedidaCPBS requerido en ventas al gobierno',
    ])
  })

  test('item arithmetic: precioItem, valorITBMS, valorTotal', async ({ assert }) => {
    const xml = await body()
    assert.deepEqual(problems(xml.replace('<ser:valorITBMS>1.015', '<ser:valorITBMS>1.016')), [
      '2007-Item 2: valorITBMS no corresponde a la tasa',
      '2007-Item 2: valorTotal no es precioItem más sus impuestos',
    ])
    assert.deepInclude(
      problems(
        xml.replace(
          '<ser:precioItem>6.50</ser:precioItem>',
          '<ser:precioItem>6.60</ser:precioItem>'
        )
      ),
      '2007-Item 1: precioItem no es cantidad × (precioUnitario − precioUnitarioDescuento)'
    )
    assert.deepInclude(
      problems(
        xml.replace('<ser:tasaITBMS>01</ser:tasaITBMS>', '<ser:tasaITBMS>07</ser:tasaITBMS>')
      ),
      '2007-Item 2: tasaITBMS "07" no existe'
    )
  })

  test('totals: totalMontoGravado is the tax sum; payments add up; nroItems', async ({
    assert,
  }) => {
    const xml = await body()
    assert.deepEqual(
      problems(xml.replace('<ser:totalMontoGravado>1.02', '<ser:totalMontoGravado>14.50')),
      ['totalesSubTotales/totalMontoGravado: es 14.50 y debería ser 1.02']
    )
    assert.deepEqual(
      problems(xml.replace('<ser:valorCuotaPagada>22.02', '<ser:valorCuotaPagada>20.00')),
      ['totalesSubTotales/totalValorRecibido: es 22.02 y debería ser 20.00']
    )
    assert.deepEqual(problems(xml.replace('<ser:nroItems>2', '<ser:nroItems>3')), [
      'totalesSubTotales/nroItems: es 3 y hay 2 ítems',
    ])
    assert.deepEqual(
      problems(
        xml.replace(
          '<ser:formaPagoFact>02</ser:formaPagoFact>',
          '<ser:formaPagoFact>99</ser:formaPagoFact>'
        )
      ),
      [
        'totalesSubTotales/listaFormaPago/formaPago[1]: descFormaPago de 10 a 100 caracteres para 99',
      ]
    )
  })

  test('a credit note 04 needs the CUFE it refers to', async ({ assert }) => {
    const xml = await body(sampleCreditNote(8, '2026-03-02'))
    assert.deepEqual(problems(xml), [])
    const without = xml.replace(
      /<ser:listaDocsFiscalReferenciados>[\s\S]*<\/ser:listaDocsFiscalReferenciados>/,
      ''
    )
    assert.deepEqual(problems(without), [
      'datosTransaccion/listaDocsFiscalReferenciados: requerido para notas referentes a una FE',
    ])
    assert.deepInclude(
      problems(
        xml.replace(
          '5900002020122900050000050010126666880485',
          '5900002020122900050000050010126666880486'
        )
      ),
      'datosTransaccion/listaDocsFiscalReferenciados: CUFE "FE0120000155596713-2-2015-5900002020122900050000050010126666880486" no válido'
    )
  })
})
