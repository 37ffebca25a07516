import { test } from '@japa/runner'
import type { TaxDocument } from '#adapters/core/types'
import { PanamaAuthority } from '#adapters/panama_hka/panama_authority'
import { computeDocumento, fine, money, Dec } from '#adapters/panama_hka/documento/amounts'
import {
  hkaDocumentType,
  hkaEmails,
  hkaPhone,
  mapCliente,
  paymentTime,
  stampEmissionTime,
} from '#adapters/panama_hka/documento/mapper'
import { elementTree, flatten } from '#adapters/panama_hka/testing/hka_examples'

import {
  SAMPLE_BUYER,
  sampleCreditNote,
  sampleInvoice,
  sampleIssuer,
} from '#adapters/panama_hka/testing/fixtures'
import type { XmlNode } from '#adapters/panama_hka/documento/xml'

async function build(doc: TaxDocument, settings?: Record<string, unknown>) {
  return new PanamaAuthority().buildDocument(doc, sampleIssuer({ settings }))
}

async function bodyOf(doc: TaxDocument, settings?: Record<string, unknown>) {
  const built = await build(doc, settings)
  return built.body
}

/** `path = value` of every leaf, for compact assertions. */
function leaves(body: string): Record<string, string> {
  return Object.fromEntries(flatten(elementTree(body, 'documento')))
}

function names(node: XmlNode): string[] {
  return (node.children ?? []).map((child) => child.name)
}

test.group('Panama HKA mapper | amounts', () => {
  test('item amounts keep up to 6 decimals, totals 2', async ({ assert }) => {
    const doc = sampleInvoice(7, '2026-03-02')
    doc.lines = [
      {
        code: 'X',
        description: 'Tornillo de precisión',
        quantity: '3.333333',
        unitPrice: '0.123457',
        taxCategory: 'itbms_10',
      },
    ]
    doc.payments = [{ method: '02', amount: '0.45' }]
    const values = leaves(await bodyOf(doc))
    const item = 'documento/listaItems/item'
    assert.equal(values[`${item}/cantidad`], '3.333333')
    assert.equal(values[`${item}/precioUnitario`], '0.123457')
    // 3.333333 × 0.123457 = 0.411523292… → 0.411523
    assert.equal(values[`${item}/precioItem`], '0.411523')
    assert.equal(values[`${item}/valorITBMS`], '0.041152')
    assert.equal(values[`${item}/valorTotal`], '0.452675')
    assert.equal(values[`${item}/tasaITBMS`], '02')
    const totals = 'documento/totalesSubTotales'
    assert.equal(values[`${totals}/totalPrecioNeto`], '0.41')
    assert.equal(values[`${totals}/totalITBMS`], '0.04')
    assert.equal(values[`${totals}/totalTodosItems`], '0.45')
    assert.equal(values[`${totals}/totalFactura`], '0.45')
  })

  test('fine() writes 2 to 6 decimals; money() exactly 2', ({ assert }) => {
    assert.equal(fine(new Dec('1')), '1.00')
    assert.equal(fine(new Dec('0.3885')), '0.3885')
    assert.equal(fine(new Dec('5.9385000')), '5.9385')
    assert.equal(fine(new Dec('0.1234567')), '0.123457')
    assert.equal(money(new Dec('0.3885')), '0.39')
    assert.equal(money(new Dec('86.3884')), '86.39')
  })

  test('a line discount becomes a discount per unit, in balboas', async ({ assert }) => {
    const values = leaves(await bodyOf(sampleInvoice(1, '2026-03-02')))
    const second = 'documento/listaItems/item[2]'
    assert.equal(values[`${second}/precioUnitario`], '10.00')
    // 0.50 over 1.5 units
    assert.equal(values[`${second}/precioUnitarioDescuento`], '0.333333')
    // 1.5 × (10 − 0.333333) = 14.5000005 → 14.500001
    assert.equal(values[`${second}/precioItem`], '14.500001')
    assert.equal(values['documento/listaItems/item[1]/precioUnitarioDescuento'], '0.00')
  })

  test('totalMontoGravado is the sum of the taxes, not a taxable base', async ({ assert }) => {
    const built = await build(sampleInvoice(1, '2026-03-02'))
    const values = leaves(built.body)
    const totals = 'documento/totalesSubTotales'
    assert.equal(values[`${totals}/totalITBMS`], '1.02')
    assert.equal(values[`${totals}/totalMontoGravado`], '1.02')
    assert.equal(values[`${totals}/totalPrecioNeto`], '21.00')
    assert.equal(values[`${totals}/totalFactura`], '22.02')
    assert.deepEqual(built.totals, {
      subtotal: '21.00',
      discount: '0.50',
      taxes: [
        {
          category: 'itbms_exento',
          authorityCode: 'ITBMS',
          authorityRateCode: '00',
          rate: '0',
          base: '6.50',
          amount: '0.00',
        },
        {
          category: 'itbms_7',
          authorityCode: 'ITBMS',
          authorityRateCode: '01',
          rate: '7',
          base: '14.50',
          amount: '1.02',
        },
      ],
      tip: '0.00',
      total: '22.02',
    })
  })

  test('every ITBMS rate has its code: 00 exento, 01 7 %, 02 10 %, 03 15 %', ({ assert }) => {
    const doc = sampleInvoice()
    doc.lines = ['itbms_exento', 'itbms_7', 'itbms_10', 'itbms_15'].map((taxCategory) => ({
      code: 'P',
      description: 'Producto',
      quantity: '1',
      unitPrice: '100',
      taxCategory,
    }))
    const computed = computeDocumento(doc)
    assert.deepEqual(
      computed.items.map((item) => [item.rateCode, item.tax.toFixed(2)]),
      [
        ['00', '0.00'],
        ['01', '7.00'],
        ['02', '10.00'],
        ['03', '15.00'],
      ]
    )
    assert.equal(money(computed.total), '432.00')
  })
})

test.group('Panama HKA mapper | structure', () => {
  test('documento in HKA order, with the ser: namespace of Enviar', async ({ assert }) => {
    const built = await build(sampleInvoice(42, '2026-03-02'))
    assert.match(
      built.body,
      /^<tem:documento xmlns:tem="http:\/\/tempuri.org\/" xmlns:ser="http:\/\/schemas.datacontract.org\/2004\/07\/Services.ObjComprobante.v1_0">/
    )
    const tree = elementTree(built.body, 'documento')
    assert.deepEqual(names(tree), [
      'codigoSucursalEmisor',
      'tipoSucursal',
      'datosTransaccion',
      'listaItems',
      'totalesSubTotales',
    ])
    const datos = tree.children![2]
    assert.deepEqual(names(datos), [
      'tipoEmision',
      'tipoDocumento',
      'numeroDocumentoFiscal',
      'puntoFacturacionFiscal',
      'fechaEmision',
      'naturalezaOperacion',
      'tipoOperacion',
      'destinoOperacion',
      'formatoCAFE',
      'entregaCAFE',
      'envioContenedor',
      'procesoGeneracion',
      'cliente',
    ])
    const values = leaves(built.body)
    assert.equal(values['documento/codigoSucursalEmisor'], '0000')
    assert.equal(values['documento/datosTransaccion/numeroDocumentoFiscal'], '0000000042')
    assert.equal(values['documento/datosTransaccion/puntoFacturacionFiscal'], '001')
    assert.equal(values['documento/datosTransaccion/fechaEmision'], '2026-03-02T00:00:00-05:00')
    assert.equal(built.number, '0000-001-0000000042')
    assert.equal(built.authorityKey, '0101200000010000000042-155596713-2-2015')
    assert.equal(built.contentType, 'application/xml')
    // No empty element anywhere.
    assert.notMatch(built.body, /<ser:\w+><\/ser:\w+>|<ser:\w+\/>/)
  })

  test('text is escaped, and characters XML cannot carry are refused', async ({ assert }) => {
    const doc = sampleInvoice()
    doc.lines[0].description = 'Tornillos <M6> & tuercas'
    const built = await build(doc)
    assert.include(
      built.body,
      '<ser:descripcion>Tornillos &lt;M6&gt; &amp; tuercas</ser:descripcion>'
    )
    doc.lines[0].description = 'Con control \u0001'
    await assert.rejects(() => build(doc), /U\+0001/)
  })

  test('the company settings choose tipoSucursal, CAFE and tipoVenta', async ({ assert }) => {
    const plain = leaves(await bodyOf(sampleInvoice()))
    assert.equal(plain['documento/tipoSucursal'], '1')
    assert.equal(plain['documento/datosTransaccion/formatoCAFE'], '3')
    assert.equal(plain['documento/datosTransaccion/entregaCAFE'], '3')
    assert.notProperty(plain, 'documento/datosTransaccion/tipoVenta')
    const chosen = leaves(
      await bodyOf(sampleInvoice(), {
        branchType: '2',
        cafeFormat: '2',
        cafeDelivery: '2',
        saleType: '4',
      })
    )
    assert.equal(chosen['documento/tipoSucursal'], '2')
    assert.equal(chosen['documento/datosTransaccion/formatoCAFE'], '2')
    assert.equal(chosen['documento/datosTransaccion/entregaCAFE'], '2')
    assert.equal(chosen['documento/datosTransaccion/tipoVenta'], '4')
  })

  test('build is pure and keeps an existing key', async ({ assert }) => {
    const doc = sampleInvoice(3, '2026-03-02')
    const first = await build(doc)
    const second = await build(doc)
    assert.equal(first.body, second.body)
    const cufe = 'FE0120000155596713-2-2015-5900012019052800055000155650121566749040'
    const again = await build({ ...doc, authorityKey: cufe })
    assert.equal(again.authorityKey, cufe)
    assert.equal(again.body, first.body)
  })

  test('the production environment changes the key, not the documento', async ({ assert }) => {
    const doc = sampleInvoice(3, '2026-03-02')
    const authority = new PanamaAuthority()
    const demo = await authority.buildDocument(doc, sampleIssuer())
    const production = await authority.buildDocument(
      doc,
      sampleIssuer({ environment: 'production' })
    )
    assert.equal(production.body, demo.body)
    assert.equal(production.authorityKey, '0101100000010000000003-155596713-2-2015')
  })
})

test.group('Panama HKA mapper | cliente per customer type', () => {
  test('01 contribuyente: type, RUC, DV, name, address, contact, PA', ({ assert }) => {
    const cliente = mapCliente({ ...SAMPLE_BUYER, email: 'a@b.pa, c@d.pa; e@f.pa g@h.pa' })
    assert.deepEqual(Object.fromEntries(flatten(cliente)), {
      'cliente/tipoClienteFE': '01',
      'cliente/tipoContribuyente': '2',
      'cliente/numeroRUC': '155631118-2-2016',
      'cliente/digitoVerificadorRUC': '58',
      'cliente/razonSocial': 'Importadora del Pacífico, S.A.',
      'cliente/direccion': 'Vía España, Edificio Banco Panamá, piso 3',
      'cliente/telefono1': '6000-1234',
      'cliente/correoElectronico1': 'a@b.pa',
      'cliente/correoElectronico2': 'c@d.pa',
      'cliente/correoElectronico3': 'e@f.pa',
      'cliente/pais': 'PA',
    })
  })

  test('02 consumidor final: only type and país when nothing else is known', ({ assert }) => {
    const cliente = mapCliente({ identificationType: '02', identification: '', name: '' })
    assert.deepEqual(Object.fromEntries(flatten(cliente)), {
      'cliente/tipoClienteFE': '02',
      'cliente/pais': 'PA',
    })
  })

  test('02 consumidor final with a cédula: a natural person', ({ assert }) => {
    const cliente = mapCliente({
      identificationType: '02',
      identification: '8-274-125',
      checkDigits: '91',
      name: 'Ana Pérez',
    })
    assert.deepEqual(names(cliente), [
      'tipoClienteFE',
      'tipoContribuyente',
      'numeroRUC',
      'digitoVerificadorRUC',
      'razonSocial',
      'pais',
    ])
    assert.equal(Object.fromEntries(flatten(cliente))['cliente/tipoContribuyente'], '1')
  })

  test('03 gobierno: RUC, DV and CPBS on every item', async ({ assert }) => {
    const doc = sampleInvoice(5, '2026-03-02')
    doc.buyer = {
      identificationType: '03',
      identification: '8-NT-1-13656',
      checkDigits: '43',
      taxpayerType: '2',
      name: 'MINISTERIO DE EDUCACION',
      address: 'Calle Ernesto Jaén Guardia, Edificio 6525',
    }
    doc.lines = doc.lines.map((line) => ({
      ...line,
      additionalDetails: [
        { name: 'CPBS', value: '7210' },
        { name: 'Lote', value: 'A-12' },
      ],
    }))
    const built = await build(doc)
    const values = leaves(built.body)
    const item = 'documento/listaItems/item[1]'
    assert.equal(values[`${item}/codigoCPBSAbrev`], '72')
    assert.equal(values[`${item}/codigoCPBS`], '7210')
    assert.equal(values[`${item}/unidadMedidaCPBS`], 'und')
    // The CPBS detail is not repeated in infoItem; the other details are.
    assert.equal(values[`${item}/infoItem`], 'Lote: A-12')
    assert.equal(values['documento/datosTransaccion/cliente/numeroRUC'], '8-NT-1-13656')
  })

  test('04 extranjero: never tipoContribuyente, RUC, DV, ubicación', ({ assert }) => {
    const passport = mapCliente({
      identificationType: '04',
      identification: 'PA1234567',
      foreignIdType: '01',
      foreignCountry: 'Colombia',
      checkDigits: '12',
      taxpayerType: '1',
      name: 'John Smith',
      address: '1 Main Street, Springfield',
    })
    assert.deepEqual(Object.fromEntries(flatten(passport)), {
      'cliente/tipoClienteFE': '04',
      'cliente/razonSocial': 'John Smith',
      'cliente/tipoIdentificacion': '01',
      'cliente/nroIdentificacionExtranjero': 'PA1234567',
      'cliente/paisExtranjero': 'Colombia',
      'cliente/pais': 'PA',
    })
    const taxNumber = mapCliente({
      identificationType: '04',
      identification: 'X-99',
      foreignIdType: '02',
      foreignCountry: 'Colombia',
      name: 'John Smith',
    })
    // paisExtranjero goes only with a passport.
    assert.notInclude(names(taxNumber), 'paisExtranjero')
  })

  test('phones and e-mails HKA can take', ({ assert }) => {
    assert.equal(hkaPhone('6000-1234'), '6000-1234')
    assert.equal(hkaPhone('+507 6000 1234'), '6000-1234')
    assert.equal(hkaPhone('2352352'), '235-2352')
    assert.equal(hkaPhone('507000-222-3456'), '507000-222-3456')
    assert.isUndefined(hkaPhone('call me'))
    assert.isUndefined(hkaPhone('12'))
    assert.deepEqual(hkaEmails('x@y.pa;bad, ' + 'a'.repeat(45) + '@long.pa z@w.pa'), [
      'x@y.pa',
      'z@w.pa',
    ])
  })
})

test.group('Panama HKA mapper | payments and notes', () => {
  test('payment forms: 99 carries its description; credit goes in listaPagoPlazo', async ({
    assert,
  }) => {
    const doc = sampleInvoice(9, '2026-03-02')
    doc.payments = [
      { method: '99', amount: '2.02' },
      { method: '01', amount: '20.00', term: 2, termUnit: 'meses' },
    ]
    const values = leaves(await bodyOf(doc))
    const totals = 'documento/totalesSubTotales'
    assert.equal(values[`${totals}/listaFormaPago/formaPago[1]/formaPagoFact`], '99')
    assert.equal(
      values[`${totals}/listaFormaPago/formaPago[1]/descFormaPago`],
      'Otra forma de pago'
    )
    assert.notProperty(values, `${totals}/listaFormaPago/formaPago[2]/descFormaPago`)
    assert.equal(values[`${totals}/totalValorRecibido`], '22.02')
    assert.equal(values[`${totals}/tiempoPago`], '3')
    assert.equal(
      values[`${totals}/listaPagoPlazo/pagoPlazo/fechaVenceCuota`],
      '2026-05-02T00:00:00-05:00'
    )
    assert.equal(values[`${totals}/listaPagoPlazo/pagoPlazo/valorCuota`], '20.00')
  })

  test('tiempoPago: 1 inmediato, 2 plazo, 3 mixto', ({ assert }) => {
    assert.equal(paymentTime([{ method: '02', amount: '1' }]), '1')
    assert.equal(paymentTime([{ method: '01', amount: '1' }]), '2')
    assert.equal(paymentTime([{ method: '08', amount: '1', term: 30 }]), '2')
    assert.equal(
      paymentTime([
        { method: '02', amount: '1' },
        { method: '01', amount: '1' },
      ]),
      '3'
    )
  })

  test('credit note 04 by the invoice CUFE, 06 without one', async ({ assert }) => {
    const note = sampleCreditNote(4, '2026-03-02')
    assert.equal(hkaDocumentType(note), '04')
    const values = leaves(await bodyOf(note))
    const reference =
      'documento/datosTransaccion/listaDocsFiscalReferenciados/docFiscalReferenciado'
    assert.equal(values['documento/datosTransaccion/tipoDocumento'], '04')
    assert.equal(values[`${reference}/cufeFEReferenciada`], note.reference!.authorityKey)
    assert.equal(
      values[`${reference}/fechaEmisionDocFiscalReferenciado`],
      '2026-03-02T00:00:00-05:00'
    )
    assert.equal(
      values['documento/datosTransaccion/informacionInteres'],
      'Motivo: Devolución de un paquete dañado'
    )
    // HKA's credit-note examples state the total as paid in cash.
    assert.equal(values['documento/totalesSubTotales/listaFormaPago/formaPago/formaPagoFact'], '02')
    assert.equal(
      values['documento/totalesSubTotales/listaFormaPago/formaPago/valorCuotaPagada'],
      '10.70'
    )

    const generic = { ...note, reference: { ...note.reference!, authorityKey: undefined } }
    assert.equal(hkaDocumentType(generic), '06')
    const genericBody = await bodyOf(generic)
    assert.include(genericBody, '<ser:tipoDocumento>06</ser:tipoDocumento>')
    assert.notInclude(genericBody, 'listaDocsFiscalReferenciados')
  })
})

test.group('Panama HKA mapper | the emission time', () => {
  test('sign stamps the Panama time within the issue date', ({ assert }) => {
    const body = '<ser:fechaEmision>2026-03-02T00:00:00-05:00</ser:fechaEmision>'
    assert.equal(
      stampEmissionTime(body, new Date('2026-03-02T20:15:09Z')),
      '<ser:fechaEmision>2026-03-02T15:15:09-05:00</ser:fechaEmision>'
    )
    // Past midnight in Panama: the issue date's last second.
    assert.equal(
      stampEmissionTime(body, new Date('2026-03-03T06:00:00Z')),
      '<ser:fechaEmision>2026-03-02T23:59:59-05:00</ser:fechaEmision>'
    )
    assert.equal(
      stampEmissionTime(body, new Date('2026-03-01T12:00:00Z')),
      '<ser:fechaEmision>2026-03-02T00:00:00-05:00</ser:fechaEmision>'
    )
  })

  test('sign changes only fechaEmision and keeps key and number', async ({ assert }) => {
    const authority = new PanamaAuthority()
    const built = await authority.buildDocument(sampleInvoice(8), sampleIssuer())
    const signed = await authority.sign(built, sampleIssuer())
    assert.equal(signed.authorityKey, built.authorityKey)
    assert.equal(signed.number, built.number)
    const before = built.body.replace(/<ser:fechaEmision>[^<]*/, '')
    const after = signed.body.replace(/<ser:fechaEmision>[^<]*/, '')
    assert.equal(after, before)
    const local = new Date(Date.parse(signed.signedAt) - 5 * 3600_000).toISOString()
    const expected = local.slice(0, 10) === built.issueDate ? local.slice(11, 19) : '23:59:59'
    assert.include(
      signed.body,
      `<ser:fechaEmision>${built.issueDate}T${expected}-05:00</ser:fechaEmision>`
    )
  })
})
