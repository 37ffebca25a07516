/*
|--------------------------------------------------------------------------
| HKA simulator: checking a documento the way HKA and the DGI would
|--------------------------------------------------------------------------
|
| The rules of hka/01_documentos_fel/02_metodo_enviar.md and panama-hka.md
| §1.4, on the `documento` of an Enviar request:
| - elements in HKA's order, none empty ("no informar o no dejar sin valor"),
|   every code from its table, N(10) document numbers, punto ≠ 000;
| - the cliente per tipoClienteFE (RUC + DV checked with the DGI algorithm
|   for 01/03, CPBS on every item for 03, no juridical RUC as consumidor
|   final, nothing of a RUC or a location for 04);
| - the arithmetic of every item and of the totals;
| - credit and debit notes 04/05 with the CUFE they refer to.
|
| Messages: item errors carry DGI code 2007 as HKA relays them
| ("2007-Item N: …"); other problems are the simulator's own texts, with no
| DGI code (the DGI's catalogue of codes is not public). A foreign customer
| sent with RUC fields is answered the way users report HKA answers it:
| codigo 201 "Error al procesar solicitud".
|
*/
import { Decimal } from 'decimal.js'
import { validateCufe } from '#adapters/panama_hka/cufe'
import { personTypeFromCode, validateRuc } from '#adapters/panama_hka/ruc'
import {
  PANAMA_DOCUMENT_TYPES,
  PANAMA_EMISSION_TYPES,
  PANAMA_PAYMENT_METHODS,
  PANAMA_TAX_CATEGORIES,
  findCode,
} from '#adapters/panama_hka/tax_codes'
import { COMPROBANTE_NS } from '#adapters/panama_hka/namespaces'
import { child, elements } from '#adapters/panama_hka/simulator/soap'

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP })

/** Elements in HKA's order; names after `|` may stand anywhere in their parent. */
const SEQUENCES: Record<string, string[]> = {
  documento: [
    'codigoSucursalEmisor',
    'tipoSucursal',
    'datosTransaccion',
    'listaItems',
    'totalesSubTotales',
    'usoPosterior',
    'pedidoComercialGlobal',
    'infoLogistica',
    'infoEntrega',
  ],
  datosTransaccion: [
    'tipoEmision',
    'fechaInicioContingencia',
    'motivoContingencia',
    'tipoDocumento',
    'numeroDocumentoFiscal',
    'puntoFacturacionFiscal',
    'fechaEmision',
    'fechaSalida',
    'naturalezaOperacion',
    'tipoOperacion',
    'destinoOperacion',
    'formatoCAFE',
    'entregaCAFE',
    'envioContenedor',
    'procesoGeneracion',
    'tipoVenta',
    'informacionInteres',
    'cliente',
    'listaDocsFiscalReferenciados',
    'datosFacturaExportacion',
    'listaAutorizadosDescargaFEyEventos',
  ],
  cliente: [
    'tipoClienteFE',
    'tipoContribuyente',
    'numeroRUC',
    'digitoVerificadorRUC',
    'razonSocial',
    'direccion',
    'codigoUbicacion',
    'provincia',
    'distrito',
    'corregimiento',
    'tipoIdentificacion',
    'nroIdentificacionExtranjero',
    'paisExtranjero',
    'telefono1',
    'telefono2',
    'telefono3',
    'correoElectronico1',
    'correoElectronico2',
    'correoElectronico3',
    'pais',
    'paisOtro',
  ],
  item: [
    'descripcion',
    'codigo',
    'unidadMedida',
    'cantidad',
    'fechaFabricacion',
    'fechaCaducidad',
    'codigoCPBSAbrev',
    'codigoCPBS',
    'unidadMedidaCPBS',
    'infoItem',
    'precioUnitario',
    'precioUnitarioDescuento',
    'precioItem',
    'precioAcarreo',
    'precioSeguro',
    'valorTotal',
    'codigoGTIN',
    'cantGTINCom',
    'codigoGTINInv',
    'cantGTINComInv',
    'tasaITBMS',
    'valorITBMS',
    'tasaISC',
    'valorISC',
    'listaItemOTI',
    '|vehiculo',
    '|medicina',
    '|pedidoComercialItem',
  ],
  totalesSubTotales: [
    'totalPrecioNeto',
    'totalITBMS',
    'totalISC',
    'totalMontoGravado',
    'totalDescuento',
    'totalAcarreoCobrado',
    'valorSeguroCobrado',
    'totalFactura',
    'totalValorRecibido',
    'vuelto',
    'tiempoPago',
    'nroItems',
    'totalTodosItems',
    'listaDescBonificacion',
    'listaFormaPago',
    'listaPagoPlazo',
    'retencion',
    'listaTotalOTI',
    // HKA's table lists it last, its Enviar example before totalFactura.
    '|totalOtrosGastos',
  ],
}

export interface DocumentoProblem {
  /** DGI code, when the DGI has a public one for it (2007 for items). */
  code?: string
  text: string
}

/** What the simulator keeps of an accepted documento. */
export interface DocumentoFacts {
  establishmentCode: string
  number: string
  emissionPointCode: string
  documentType: string
  emissionType: string
  issuedAt: string
  customerType: string
  customerName?: string
  customerRuc?: string
  total: string
  items: number
  referencedCufes: string[]
}

export type DocumentoCheck =
  | { ok: true; facts: DocumentoFacts }
  | { ok: false; problems: DocumentoProblem[]; foreignWithRuc: boolean }

class Reader {
  readonly problems: DocumentoProblem[] = []

  constructor(readonly now: Date) {}

  problem(text: string, code?: string) {
    this.problems.push(code ? { code, text } : { text })
  }

  /** The element's children, checked for HKA's order, emptiness and namespace. */
  fields(parent: Element, name: string, path: string): Map<string, Element> {
    const sequence = SEQUENCES[name] ?? []
    const ordered = sequence.filter((entry) => !entry.startsWith('|'))
    const floating = sequence
      .filter((entry) => entry.startsWith('|'))
      .map((entry) => entry.slice(1))
    const found = new Map<string, Element>()
    let position = -1
    for (const element of elements(parent)) {
      const local = element.localName
      if (element.namespaceURI !== COMPROBANTE_NS) {
        this.problem(`${path}/${local}: fuera del espacio de nombres de Enviar (${COMPROBANTE_NS})`)
        continue
      }
      const index = ordered.indexOf(local)
      if (index < 0 && !floating.includes(local) && sequence.length > 0) {
        this.problem(`${path}/${local}: elemento desconocido`)
        continue
      }
      if (index >= 0 && index < position) {
        this.problem(`${path}/${local}: fuera de orden`)
        continue
      }
      if (index >= 0 && index === position) {
        this.problem(`${path}/${local}: repetido`)
        continue
      }
      if (index >= 0) position = index
      if (elements(element).length === 0 && (element.textContent ?? '').trim() === '') {
        this.problem(`${path}/${local}: elemento vacío; los campos que no aplican no se informan`)
        continue
      }
      found.set(local, element)
    }
    return found
  }
}

const text = (fields: Map<string, Element>, name: string) => {
  const element = fields.get(name)
  return element ? (element.textContent ?? '').trim() : undefined
}

const NUMBER = /^\d+(\.\d{1,6})?$/
const MONEY = /^\d+(\.\d{1,2})?$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/
const PHONE = /^(\d{3,4}-\d{4}|\d{6}-\d{3,4}-\d{4})$/

const NATURES = ['01', '02', '03', '04', '10', '11', '12', '13', '14', '20', '21']

function decimal(value: string | undefined, pattern = NUMBER): Decimal | undefined {
  return value !== undefined && pattern.test(value) ? new D(value) : undefined
}

function checkCode(
  reader: Reader,
  fields: Map<string, Element>,
  name: string,
  path: string,
  allowed: readonly string[],
  required = true
) {
  const value = text(fields, name)
  if (value === undefined) {
    if (required) reader.problem(`${path}/${name}: requerido`)
    return undefined
  }
  if (!allowed.includes(value)) reader.problem(`${path}/${name}: valor "${value}" no permitido`)
  return value
}

function checkCliente(reader: Reader, element: Element | undefined, items: Element[]) {
  const path = 'datosTransaccion/cliente'
  if (!element) {
    reader.problem(`${path}: requerido`)
    return { type: '', foreignWithRuc: false }
  }
  const fields = reader.fields(element, 'cliente', path)
  const type = checkCode(reader, fields, 'tipoClienteFE', path, ['01', '02', '03', '04']) ?? ''
  const pais = text(fields, 'pais')
  if (pais !== 'PA') reader.problem(`${path}/pais: debe ser PA cuando destinoOperacion es 1`)
  const name = text(fields, 'razonSocial')
  if (name !== undefined && (name.length < 2 || name.length > 200)) {
    reader.problem(`${path}/razonSocial: de 2 a 200 caracteres`)
  }
  const address = text(fields, 'direccion')
  if (address !== undefined && (address.length < 5 || address.length > 100)) {
    reader.problem(`${path}/direccion: de 5 a 100 caracteres`)
  }
  const phone = text(fields, 'telefono1')
  if (phone !== undefined && !PHONE.test(phone))
    reader.problem(`${path}/telefono1: formato no válido`)

  if (type === '04') {
    const forbidden = [
      'tipoContribuyente',
      'numeroRUC',
      'digitoVerificadorRUC',
      'codigoUbicacion',
      'provincia',
      'distrito',
      'corregimiento',
    ].filter((field) => fields.has(field))
    checkCode(reader, fields, 'tipoIdentificacion', path, ['01', '02', '99'])
    const number = text(fields, 'nroIdentificacionExtranjero')
    if (!number || number.length > 50) {
      reader.problem(`${path}/nroIdentificacionExtranjero: requerido, hasta 50 caracteres`)
    }
    return { type, name, foreignWithRuc: forbidden.length > 0 }
  }

  const ruc = text(fields, 'numeroRUC')
  const dv = text(fields, 'digitoVerificadorRUC')
  const taxpayer = text(fields, 'tipoContribuyente')
  if (type === '01' || type === '03') {
    checkCode(reader, fields, 'tipoContribuyente', path, ['1', '2'])
    if (!name) reader.problem(`${path}/razonSocial: requerido para contribuyente y gobierno`)
    if (!address) reader.problem(`${path}/direccion: requerido para contribuyente y gobierno`)
    const checked = validateRuc(ruc, { dv, personType: personTypeFromCode(taxpayer) })
    for (const issue of checked.issues.filter((entry) => entry.severity === 'error')) {
      reader.problem(`${path}: ${issue.message.es}`)
    }
  } else if (type === '02') {
    if (taxpayer === '2') {
      reader.problem(
        `${path}: un RUC jurídico debe declararse como contribuyente, no como consumidor final`
      )
    }
    if (taxpayer !== undefined) checkCode(reader, fields, 'tipoContribuyente', path, ['1', '2'])
  }
  if (type === '03') {
    items.forEach((item, index) => {
      const itemFields = new Map(elements(item).map((entry) => [entry.localName, entry]))
      for (const field of ['codigoCPBSAbrev', 'codigoCPBS', 'unidadMedidaCPBS']) {
        if (!itemFields.has(field)) {
          reader.problem(`Item ${index + 1}: ${field} requerido en ventas al gobierno`, '2007')
        }
      }
    })
  }
  return { type, name, ruc, foreignWithRuc: false }
}

interface ItemSums {
  net: Decimal
  itbms: Decimal
  isc: Decimal
  oti: Decimal
  all: Decimal
}

function checkItems(reader: Reader, listaItems: Element | undefined): [Element[], ItemSums] {
  const sums: ItemSums = {
    net: new D(0),
    itbms: new D(0),
    isc: new D(0),
    oti: new D(0),
    all: new D(0),
  }
  const items = listaItems ? elements(listaItems) : []
  if (items.length === 0) reader.problem('listaItems: al menos un ítem')
  const rates = Object.fromEntries(
    PANAMA_TAX_CATEGORIES.map((category) => [category.authorityRateCode, new D(category.rate)])
  )
  const tolerance = new D('0.0000011')
  items.forEach((item, index) => {
    const label = `Item ${index + 1}`
    const itemProblem = (message: string) => reader.problem(`${label}: ${message}`, '2007')
    if (item.localName !== 'item') return itemProblem(`elemento ${item.localName} en listaItems`)
    const fields = reader.fields(item, 'item', `listaItems/item[${index + 1}]`)
    const description = text(fields, 'descripcion')
    if (!description || description.length < 2 || description.length > 500) {
      itemProblem('descripcion de 2 a 500 caracteres')
    }
    const quantity = decimal(text(fields, 'cantidad'))
    const unitPrice = decimal(text(fields, 'precioUnitario'))
    const unitDiscount = decimal(text(fields, 'precioUnitarioDescuento') ?? '0')
    const price = decimal(text(fields, 'precioItem'))
    const total = decimal(text(fields, 'valorTotal'))
    const itbms = decimal(text(fields, 'valorITBMS'))
    const rateCode = text(fields, 'tasaITBMS')
    if (!quantity || quantity.lte(0)) itemProblem('cantidad no válida')
    if (!unitPrice) itemProblem('precioUnitario no válido')
    if (!unitDiscount) itemProblem('precioUnitarioDescuento no válido')
    if (!price) itemProblem('precioItem no válido')
    if (!total) itemProblem('valorTotal no válido')
    if (!itbms) itemProblem('valorITBMS no válido')
    const rate = rateCode === undefined ? undefined : rates[rateCode]
    if (!rate) itemProblem(`tasaITBMS "${rateCode ?? ''}" no existe`)
    if (!quantity || !unitPrice || !unitDiscount || !price || !total || !itbms || !rate) return
    if (unitPrice.gt(0) && unitDiscount.gte(unitPrice)) {
      itemProblem('precioUnitarioDescuento debe ser menor que precioUnitario')
    }
    if (
      price
        .minus(quantity.mul(unitPrice.minus(unitDiscount)))
        .abs()
        .gt(tolerance)
    ) {
      itemProblem('precioItem no es cantidad × (precioUnitario − precioUnitarioDescuento)')
    }
    if (itbms.minus(price.mul(rate).div(100)).abs().gt(tolerance)) {
      itemProblem('valorITBMS no corresponde a la tasa')
    }
    const isc = decimal(text(fields, 'valorISC') ?? '0') ?? new D(0)
    const extras = ['precioAcarreo', 'precioSeguro'].reduce(
      (sum, name) => sum.plus(decimal(text(fields, name) ?? '0') ?? 0),
      new D(0)
    )
    const otiList = fields.get('listaItemOTI')
    const oti = (otiList ? elements(otiList) : []).reduce((sum, entry) => {
      const value = elements(entry).find((field) => field.localName === 'valorTasa')
      return sum.plus(decimal((value?.textContent ?? '').trim()) ?? 0)
    }, new D(0))
    // HKA's own example includes the OTI in valorTotal (1234.12 + 86.3884 + 14.83).
    if (total.minus(price.plus(itbms).plus(isc).plus(extras).plus(oti)).abs().gt(tolerance)) {
      itemProblem('valorTotal no es precioItem más sus impuestos')
    }
    sums.net = sums.net.plus(price)
    sums.itbms = sums.itbms.plus(itbms)
    sums.isc = sums.isc.plus(isc)
    sums.oti = sums.oti.plus(oti)
    sums.all = sums.all.plus(total)
  })
  return [items, sums]
}

function checkTotals(
  reader: Reader,
  element: Element | undefined,
  items: Element[],
  sums: ItemSums
): string {
  const path = 'totalesSubTotales'
  if (!element) {
    reader.problem(`${path}: requerido`)
    return '0.00'
  }
  const fields = reader.fields(element, 'totalesSubTotales', path)
  const cent = new D('0.01')
  const money = (name: string, required = true) => {
    const value = text(fields, name)
    if (value === undefined) {
      if (required) reader.problem(`${path}/${name}: requerido`)
      return undefined
    }
    const parsed = decimal(value, MONEY)
    if (!parsed) reader.problem(`${path}/${name}: importe con hasta 2 decimales`)
    return parsed
  }
  const expect = (name: string, value: Decimal | undefined, expected: Decimal) => {
    if (value && value.minus(expected.toDecimalPlaces(2)).abs().gt(cent)) {
      reader.problem(`${path}/${name}: es ${value.toFixed(2)} y debería ser ${expected.toFixed(2)}`)
    }
  }
  const net = money('totalPrecioNeto')
  const itbms = money('totalITBMS')
  const isc = money('totalISC', false) ?? new D(0)
  const taxed = money('totalMontoGravado')
  const discount = money('totalDescuento', false) ?? new D(0)
  const freight = money('totalAcarreoCobrado', false) ?? new D(0)
  const insurance = money('valorSeguroCobrado', false) ?? new D(0)
  const total = money('totalFactura')
  const received = money('totalValorRecibido')
  const change = money('vuelto', false)
  const allItems = money('totalTodosItems')
  expect('totalPrecioNeto', net, sums.net)
  expect('totalITBMS', itbms, sums.itbms)
  // "totalMontoGravado = totalITBMS + totalISC + Σ OTI": the tax sum.
  if (itbms) expect('totalMontoGravado', taxed, itbms.plus(isc).plus(sums.oti))
  expect('totalTodosItems', allItems, sums.all)
  if (allItems)
    expect('totalFactura', total, allItems.plus(freight).plus(insurance).minus(discount))
  checkCode(reader, fields, 'tiempoPago', path, ['1', '2', '3'])
  const count = text(fields, 'nroItems')
  if (count !== String(items.length)) {
    reader.problem(`${path}/nroItems: es ${count ?? '(vacío)'} y hay ${items.length} ítems`)
  }

  const formas = fields.get('listaFormaPago')
  const payments = formas ? elements(formas) : []
  if (payments.length === 0) reader.problem(`${path}/listaFormaPago: requerido`)
  let paid = new D(0)
  payments.forEach((payment, index) => {
    const entry = new Map(elements(payment).map((field) => [field.localName, field]))
    const method = text(entry, 'formaPagoFact')
    if (!findCode(PANAMA_PAYMENT_METHODS, method)) {
      reader.problem(
        `${path}/listaFormaPago/formaPago[${index + 1}]: formaPagoFact "${method ?? ''}" no existe`
      )
    }
    const description = text(entry, 'descFormaPago')
    if (method === '99' && (!description || description.length < 10 || description.length > 100)) {
      reader.problem(
        `${path}/listaFormaPago/formaPago[${index + 1}]: descFormaPago de 10 a 100 caracteres para 99`
      )
    }
    const amount = decimal(text(entry, 'valorCuotaPagada'), MONEY)
    if (!amount)
      reader.problem(`${path}/listaFormaPago/formaPago[${index + 1}]: valorCuotaPagada no válido`)
    else paid = paid.plus(amount)
  })
  expect('totalValorRecibido', received, paid)
  if (received && total) {
    const expectedChange = received.minus(total)
    if (change !== undefined) expect('vuelto', change, expectedChange)
    else if (expectedChange.gt(cent))
      reader.problem(`${path}/vuelto: falta (recibido mayor que el total)`)
    if (expectedChange.lt(cent.neg()))
      reader.problem(`${path}/totalValorRecibido: menor que totalFactura`)
  }
  return total ? total.toFixed(2) : '0.00'
}

/** Checks an Enviar `documento` element; `now` is the reception time. */
export function checkDocumento(documento: Element | undefined, now: Date): DocumentoCheck {
  const reader = new Reader(now)
  if (!documento) {
    return {
      ok: false,
      problems: [{ text: 'documento: requerido' }],
      foreignWithRuc: false,
    }
  }
  const top = reader.fields(documento, 'documento', 'documento')
  const establishment = text(top, 'codigoSucursalEmisor')
  if (!establishment || !/^[0-9A-Za-z]{4}$/.test(establishment)) {
    reader.problem('codigoSucursalEmisor: 4 caracteres (0000 casa matriz)')
  }
  if (top.has('tipoSucursal')) checkCode(reader, top, 'tipoSucursal', 'documento', ['1', '2'])

  const datos = top.get('datosTransaccion')
  const path = 'datosTransaccion'
  const fields = datos ? reader.fields(datos, 'datosTransaccion', path) : new Map<string, Element>()
  if (!datos) reader.problem(`${path}: requerido`)
  const emissionType = checkCode(
    reader,
    fields,
    'tipoEmision',
    path,
    PANAMA_EMISSION_TYPES.map((entry) => entry.code)
  )
  if (findCode(PANAMA_EMISSION_TYPES, emissionType)?.contingency) {
    const reason = text(fields, 'motivoContingencia')
    if (
      !text(fields, 'fechaInicioContingencia') ||
      !reason ||
      reason.length < 15 ||
      reason.length > 250
    ) {
      reader.problem(
        `${path}: la contingencia requiere fechaInicioContingencia y motivoContingencia (15 a 250 caracteres)`
      )
    }
  }
  const documentType = checkCode(
    reader,
    fields,
    'tipoDocumento',
    path,
    PANAMA_DOCUMENT_TYPES.map((entry) => entry.code)
  )
  const number = text(fields, 'numeroDocumentoFiscal')
  if (!number || !/^\d{10}$/.test(number) || /^0+$/.test(number)) {
    reader.problem(
      `${path}/numeroDocumentoFiscal: N(10), de 0000000001 a 9999999999, con ceros a la izquierda`
    )
  }
  const point = text(fields, 'puntoFacturacionFiscal')
  if (!point || !/^\d{3}$/.test(point) || point === '000') {
    reader.problem(`${path}/puntoFacturacionFiscal: 3 dígitos, distinto de 000`)
  }
  const issuedAt = text(fields, 'fechaEmision')
  if (!issuedAt || !DATE_TIME.test(issuedAt) || Number.isNaN(Date.parse(issuedAt))) {
    reader.problem(`${path}/fechaEmision: formato AAAA-MM-DDThh:mm:ss-05:00`)
  } else if (Date.parse(issuedAt) > now.getTime() + 10 * 60_000) {
    reader.problem(`${path}/fechaEmision: posterior a la fecha de recepción`)
  }
  checkCode(reader, fields, 'naturalezaOperacion', path, NATURES)
  checkCode(reader, fields, 'tipoOperacion', path, ['1', '2'])
  checkCode(reader, fields, 'destinoOperacion', path, ['1'])
  checkCode(reader, fields, 'formatoCAFE', path, ['1', '2', '3'])
  checkCode(reader, fields, 'entregaCAFE', path, ['1', '2', '3'])
  checkCode(reader, fields, 'envioContenedor', path, ['1', '2'])
  checkCode(reader, fields, 'procesoGeneracion', path, ['1'])
  checkCode(reader, fields, 'tipoVenta', path, ['1', '2', '3', '4'], false)
  if ((text(fields, 'informacionInteres') ?? '').length > 5000) {
    reader.problem(`${path}/informacionInteres: hasta 5000 caracteres`)
  }

  const [items, sums] = checkItems(reader, top.get('listaItems'))
  const customer = checkCliente(reader, fields.get('cliente'), items)

  const referenced: string[] = []
  const references = fields.get('listaDocsFiscalReferenciados')
  for (const reference of references ? elements(references) : []) {
    const cufe = child(reference, COMPROBANTE_NS, 'cufeFEReferenciada')
    const value = (cufe?.textContent ?? '').trim()
    if (value) {
      if (validateCufe(value, { checkIssuerRuc: false }).length > 0) {
        reader.problem(`${path}/listaDocsFiscalReferenciados: CUFE "${value}" no válido`)
      }
      referenced.push(value)
    }
    if (!child(reference, COMPROBANTE_NS, 'fechaEmisionDocFiscalReferenciado')) {
      reader.problem(
        `${path}/listaDocsFiscalReferenciados: fechaEmisionDocFiscalReferenciado requerida`
      )
    }
  }
  if ((documentType === '04' || documentType === '05') && referenced.length === 0) {
    reader.problem(`${path}/listaDocsFiscalReferenciados: requerido para notas referentes a una FE`)
  }

  const total = checkTotals(reader, top.get('totalesSubTotales'), items, sums)

  if (customer.foreignWithRuc || reader.problems.length > 0) {
    return { ok: false, problems: reader.problems, foreignWithRuc: customer.foreignWithRuc }
  }
  return {
    ok: true,
    facts: {
      establishmentCode: establishment!,
      number: number!,
      emissionPointCode: point!,
      documentType: documentType!,
      emissionType: emissionType!,
      issuedAt: issuedAt!,
      customerType: customer.type,
      customerName: customer.name,
      customerRuc: 'ruc' in customer ? customer.ruc : undefined,
      total,
      items: items.length,
      referencedCufes: referenced,
    },
  }
}
