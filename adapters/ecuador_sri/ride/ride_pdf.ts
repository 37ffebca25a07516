/*
|--------------------------------------------------------------------------
| RIDE PDF
|--------------------------------------------------------------------------
|
| The printable representation SRI expects for an electronic factura or
| nota de crédito (layout of the SRI/OCA RIDE): issuer block and document
| block with the clave de acceso as a Code128 barcode, buyer block, lines,
| additional information, payment methods and the totals ladder (subtotals
| per IVA rate, discounts, ICE, IVA, IRBPNR, tip, total). Spanish only,
| like the document itself.
|
*/
import { loadBarcode, loadPdfKit } from '#adapters/core/lazy_modules'
import { DateTime } from 'luxon'
import type { Decimal } from 'decimal.js'
import {
  computeDocument,
  Dec,
  fine,
  money,
  type ComputedDocument,
} from '#adapters/ecuador_sri/money'
import {
  IVA_CATEGORIES,
  PAYMENT_METHODS,
  RIMPE_LEGENDS,
  TAX_KIND_CODES,
} from '#adapters/ecuador_sri/tax_codes'
import {
  DOCUMENT_TITLES,
  ENVIRONMENT_LABELS,
  IDENTIFICATION_LABELS,
  IVA_SUBTOTAL_LABELS,
  type RideData,
} from '#adapters/ecuador_sri/ride/ride_data'

const PAGE_MARGIN = 30
const GAP = 8
const LINE_COLOR = '#9ca3af'
const HEADER_FILL = '#e5e7eb'
const MUTED = '#4b5563'
const FONT = 'Helvetica'
const BOLD = 'Helvetica-Bold'
const SRI_ZONE = 'America/Guayaquil'

type Doc = PDFKit.PDFDocument

interface Column {
  title: string
  width: number
  align: 'left' | 'right' | 'center'
}

function documentNumber(data: RideData) {
  if (data.number) return data.number
  const { establishmentCode, emissionPointCode } = data.document.issuer
  return `${establishmentCode}-${emissionPointCode}-${String(data.document.sequential).padStart(9, '0')}`
}

/** YYYY-MM-DD → dd/mm/yyyy, as every SRI document writes dates. */
function localDate(value: string) {
  const [year, month, day] = value.split('-')
  return day && month && year ? `${day}/${month}/${year}` : value
}

function authorizationDate(value: Date | string) {
  const date = typeof value === 'string' ? DateTime.fromISO(value) : DateTime.fromJSDate(value)
  return date.isValid ? date.setZone(SRI_ZONE).toFormat('dd/MM/yyyy HH:mm:ss') : String(value)
}

function rateLabel(rate: Decimal) {
  return `${rate.toDecimalPlaces(2).toFixed()}%`
}

function paymentLabel(code: string) {
  const method = PAYMENT_METHODS.find((candidate) => candidate.code === code)
  return method ? `${code} - ${method.label.es.toUpperCase()}` : code
}

/**
 * The totals ladder, in the order SRI's RIDE prints it: SUBTOTAL per IVA
 * rate, 0 %, NO OBJETO, EXENTO, SUBTOTAL SIN IMPUESTOS, TOTAL DESCUENTO,
 * ICE, IVA per rate, (IRBPNR), PROPINA, VALOR TOTAL.
 *
 * A "SUBTOTAL n%" is the sum of the line totals (precioTotalSinImpuesto) at
 * that rate, as in the ficha técnica's table 21: it excludes ICE, which has
 * its own row. The IVA base does include ICE (the XML's baseImponible), so
 * SUBTOTAL 15% + ICE, not SUBTOTAL 15% alone, is what IVA 15% is taxed on.
 */
function totalsRows(computed: ComputedDocument): Array<[string, string, boolean?]> {
  const iva = computed.groups.filter((group) => group.codigo === TAX_KIND_CODES.iva)
  const sumOf = (codigo: string) =>
    computed.groups
      .filter((group) => group.codigo === codigo)
      .reduce((sum, group) => sum.plus(group.value), new Dec(0))
  // Σ precioTotalSinImpuesto of the lines taxed at an IVA codigoPorcentaje.
  const linesAt = new Map<string, Decimal>()
  for (const line of computed.lines) {
    const lineIva = line.taxes.find((tax) => tax.codigo === TAX_KIND_CODES.iva)
    if (!lineIva) continue
    const key = lineIva.codigoPorcentaje
    linesAt.set(key, (linesAt.get(key) ?? new Dec(0)).plus(line.total))
  }
  const subtotalAt = (rateCode: string) => linesAt.get(rateCode) ?? new Dec(0)

  // Positive rates present on the document; the current rate when there is none.
  let taxed: Array<{ codigoPorcentaje: string; tarifa: Decimal; value: Decimal }> = iva
    .filter((group) => group.tarifa.gt(0))
    .sort((a, b) => b.tarifa.cmp(a.tarifa))
  if (taxed.length === 0) {
    const current = IVA_CATEGORIES.find((category) => category.active && Number(category.rate) > 0)!
    taxed = [
      {
        codigoPorcentaje: current.authorityRateCode,
        tarifa: new Dec(current.rate),
        value: new Dec(0),
      },
    ]
  }

  const rows: Array<[string, string, boolean?]> = []
  for (const group of taxed) {
    rows.push([`SUBTOTAL ${rateLabel(group.tarifa)}`, money(subtotalAt(group.codigoPorcentaje))])
  }
  for (const code of ['0', '6', '7'])
    rows.push([IVA_SUBTOTAL_LABELS[code], money(subtotalAt(code))])
  rows.push(['SUBTOTAL SIN IMPUESTOS', money(computed.subtotal)])
  rows.push(['TOTAL DESCUENTO', money(computed.discount)])
  rows.push(['ICE', money(sumOf(TAX_KIND_CODES.ice))])
  for (const group of taxed) rows.push([`IVA ${rateLabel(group.tarifa)}`, money(group.value)])
  const irbpnr = sumOf(TAX_KIND_CODES.irbpnr)
  if (irbpnr.gt(0)) rows.push(['IRBPNR', money(irbpnr)])
  rows.push(['PROPINA', money(computed.tip)])
  rows.push(['VALOR TOTAL', money(computed.total), true])
  return rows
}

/**
 * Draws label/value lines inside a box and returns the height used.
 * `measure` only computes the height.
 */
function labelledLines(
  doc: Doc,
  lines: Array<{ label?: string; value: string; bold?: boolean; size?: number }>,
  x: number,
  y: number,
  width: number,
  measure = false
) {
  let cursor = y
  for (const line of lines) {
    const size = line.size ?? 8
    const text = line.label ? `${line.label} ${line.value}` : line.value
    doc.font(line.bold ? BOLD : FONT).fontSize(size)
    const height = doc.heightOfString(text, { width })
    if (!measure) {
      if (line.label) {
        doc.font(BOLD).text(`${line.label} `, x, cursor, { width, continued: true })
        doc.font(line.bold ? BOLD : FONT).text(line.value)
      } else {
        doc.text(line.value, x, cursor, { width })
      }
    }
    cursor += height + 2
  }
  return cursor - y
}

class RideWriter {
  readonly doc: Doc
  readonly left = PAGE_MARGIN
  readonly width: number
  readonly bottom: number
  y = PAGE_MARGIN

  constructor(doc: Doc) {
    this.doc = doc
    this.width = doc.page.width - 2 * PAGE_MARGIN
    // Room for the footer.
    this.bottom = doc.page.height - PAGE_MARGIN - 14
  }

  /** Starts a new page when `height` does not fit; returns true if it did. */
  ensure(height: number) {
    if (this.y + height <= this.bottom) return false
    this.doc.addPage()
    this.y = PAGE_MARGIN
    return true
  }

  box(x: number, y: number, width: number, height: number) {
    this.doc.lineWidth(0.7).roundedRect(x, y, width, height, 4).stroke(LINE_COLOR)
  }

  sectionTitle(text: string, x: number, y: number, width: number) {
    this.doc.font(BOLD).fontSize(8.5).fillColor('#111827').text(text, x, y, { width })
    return this.doc.heightOfString(text, { width }) + 3
  }

  /**
   * A table row at the cursor; returns its height. Header rows get a grey
   * band. `x` defaults to the left margin; the row spans its columns.
   */
  row(
    columns: Column[],
    cells: string[],
    options: { header?: boolean; measure?: boolean; x?: number } = {}
  ) {
    const doc = this.doc
    const padding = 3
    doc.font(options.header ? BOLD : FONT).fontSize(options.header ? 7.5 : 7.5)
    const heights = columns.map((column, index) =>
      doc.heightOfString(cells[index] ?? '', { width: column.width - 2 * padding })
    )
    const height = Math.max(...heights) + 2 * padding
    if (options.measure) return height

    const start = options.x ?? this.left
    const width = columns.reduce((sum, column) => sum + column.width, 0)
    let x = start
    if (options.header) {
      doc.rect(x, this.y, width, height).fill(HEADER_FILL)
    }
    doc.fillColor('#111827')
    columns.forEach((column, index) => {
      doc
        .font(options.header ? BOLD : FONT)
        .fontSize(7.5)
        .text(cells[index] ?? '', x + padding, this.y + padding, {
          width: column.width - 2 * padding,
          align: options.header ? 'center' : column.align,
        })
      x += column.width
    })
    doc
      .lineWidth(0.5)
      .moveTo(start, this.y + height)
      .lineTo(start + width, this.y + height)
      .stroke(LINE_COLOR)
    return height
  }
}

async function barcode(accessKey: string) {
  // Code128 of the 49 digits, drawn without its own text: the digits are
  // printed below in the PDF's font so they stay selectable.
  const barcodePng = await loadBarcode()
  return barcodePng({
    bcid: 'code128',
    text: accessKey,
    scale: 3,
    height: 12,
    includetext: false,
    paddingwidth: 0,
    paddingheight: 0,
  })
}

function drawHeader(writer: RideWriter, data: RideData, barcodeImage: Buffer) {
  const { doc } = writer
  const { issuer, document } = data
  const leftWidth = writer.width * 0.48
  const rightWidth = writer.width - leftWidth - GAP
  const rightX = writer.left + leftWidth + GAP
  const top = writer.y
  const inner = 8

  // Left: logo or trade name, then the issuer box.
  let leftY = top
  if (data.logo) {
    doc.image(data.logo, writer.left, leftY, { fit: [leftWidth, 70], align: 'center' })
    leftY += 76
  } else {
    const brand = issuer.tradeName || issuer.legalName
    doc.font(BOLD).fontSize(16).fillColor('#1f2937')
    const brandHeight = doc.heightOfString(brand, { width: leftWidth })
    doc.text(brand, writer.left, leftY + 18, { width: leftWidth, align: 'center' })
    leftY += Math.max(70, brandHeight + 24)
  }

  const issuerLines: Array<{ label?: string; value: string; bold?: boolean; size?: number }> = [
    { value: issuer.legalName, bold: true, size: 9.5 },
  ]
  if (issuer.tradeName && issuer.tradeName !== issuer.legalName) {
    issuerLines.push({ value: issuer.tradeName, size: 8.5 })
  }
  issuerLines.push({ label: 'Dirección Matriz:', value: issuer.headOfficeAddress })
  if (document.issuer.establishmentAddress) {
    issuerLines.push({ label: 'Dirección Sucursal:', value: document.issuer.establishmentAddress })
  }
  if (issuer.specialTaxpayerResolution) {
    issuerLines.push({
      label: 'Contribuyente Especial Nro:',
      value: issuer.specialTaxpayerResolution,
    })
  }
  issuerLines.push({
    label: 'OBLIGADO A LLEVAR CONTABILIDAD:',
    value: issuer.accountingObligated ? 'SI' : 'NO',
  })
  if (issuer.withholdingAgentResolution) {
    issuerLines.push({
      label: 'Agente de Retención Resolución No.:',
      value: issuer.withholdingAgentResolution,
    })
  }
  if (issuer.rimpeRegime) issuerLines.push({ value: RIMPE_LEGENDS[issuer.rimpeRegime], bold: true })
  if (issuer.phone) issuerLines.push({ label: 'Teléfono:', value: issuer.phone })
  if (issuer.email) issuerLines.push({ label: 'Correo:', value: issuer.email })

  const issuerHeight =
    labelledLines(doc, issuerLines, 0, 0, leftWidth - 2 * inner, true) + 2 * inner

  // Right: the document box.
  const authorized = data.authorization
  const rightLines: Array<{ label?: string; value: string; bold?: boolean; size?: number }> = [
    { label: 'R.U.C.:', value: issuer.taxId, bold: true, size: 11 },
    { value: DOCUMENT_TITLES[document.type], bold: true, size: 14 },
    { label: 'No.', value: documentNumber(data), size: 10 },
    { value: 'NÚMERO DE AUTORIZACIÓN', bold: true, size: 8 },
    { value: authorized ? authorized.number : 'PENDIENTE DE AUTORIZACIÓN', size: 8 },
    {
      label: 'FECHA Y HORA DE AUTORIZACIÓN:',
      value: authorized ? authorizationDate(authorized.authorizedAt) : 'PENDIENTE',
    },
    { label: 'AMBIENTE:', value: ENVIRONMENT_LABELS[data.environment] },
    { label: 'EMISIÓN:', value: 'NORMAL' },
    { value: 'CLAVE DE ACCESO', bold: true, size: 8 },
  ]
  const barcodeHeight = 38
  const rightTextHeight = labelledLines(doc, rightLines, 0, 0, rightWidth - 2 * inner, true)
  const rightHeight = rightTextHeight + barcodeHeight + 16 + 2 * inner

  const height = Math.max(rightHeight, leftY - top + issuerHeight)
  // Issuer box stretches down to the bottom of the document box.
  const issuerBoxTop = top + height - issuerHeight
  writer.box(writer.left, issuerBoxTop, leftWidth, issuerHeight)
  doc.fillColor('#111827')
  labelledLines(doc, issuerLines, writer.left + inner, issuerBoxTop + inner, leftWidth - 2 * inner)

  writer.box(rightX, top, rightWidth, height)
  let rightY = top + inner
  rightY += labelledLines(doc, rightLines, rightX + inner, rightY, rightWidth - 2 * inner)
  doc.image(barcodeImage, rightX + inner, rightY + 2, {
    width: rightWidth - 2 * inner,
    height: barcodeHeight,
  })
  rightY += barcodeHeight + 5
  doc
    .font(FONT)
    .fontSize(7.2)
    .text(data.accessKey, rightX + inner, rightY, {
      width: rightWidth - 2 * inner,
      align: 'center',
      characterSpacing: 0.3,
    })

  writer.y = top + height + GAP
}

function drawBuyer(writer: RideWriter, data: RideData) {
  const { doc } = writer
  const { buyer, reference, type } = data.document
  const inner = 7
  const halfWidth = (writer.width - 2 * inner) * 0.62
  const restWidth = writer.width - 2 * inner - halfWidth - GAP

  const rows: Array<[{ label: string; value: string }, { label: string; value: string } | null]> = [
    [
      { label: 'Razón Social / Nombres y Apellidos:', value: buyer.name },
      {
        label: 'Identificación:',
        value: `${buyer.identification}${IDENTIFICATION_LABELS[buyer.identificationType] ? ` (${IDENTIFICATION_LABELS[buyer.identificationType]})` : ''}`,
      },
    ],
    [
      { label: 'Fecha Emisión:', value: localDate(data.document.issueDate) },
      data.deliveryGuide ? { label: 'Guía de Remisión:', value: data.deliveryGuide } : null,
    ],
  ]
  if (buyer.address) rows.push([{ label: 'Dirección:', value: buyer.address }, null])
  if (type === 'credit_note' && reference) {
    rows.push([
      {
        label: 'Comprobante que se modifica:',
        value: `${DOCUMENT_TITLES[reference.documentType]} ${reference.number}`,
      },
      {
        label: 'Fecha Emisión (Comprobante a modificar):',
        value: localDate(reference.issueDate),
      },
    ])
    rows.push([{ label: 'Razón de Modificación:', value: reference.reason }, null])
  }

  const measureRow = (row: (typeof rows)[number]) => {
    const leftLines = [{ ...row[0] }]
    const leftHeight = labelledLines(
      doc,
      leftLines,
      0,
      0,
      row[1] ? halfWidth : writer.width - 2 * inner,
      true
    )
    const rightHeight = row[1] ? labelledLines(doc, [{ ...row[1] }], 0, 0, restWidth, true) : 0
    return Math.max(leftHeight, rightHeight)
  }
  const height = rows.reduce((sum, row) => sum + measureRow(row), 0) + 2 * inner
  writer.ensure(height)

  const top = writer.y
  writer.box(writer.left, top, writer.width, height)
  let y = top + inner
  doc.fillColor('#111827')
  for (const row of rows) {
    const rowHeight = measureRow(row)
    labelledLines(
      doc,
      [row[0]],
      writer.left + inner,
      y,
      row[1] ? halfWidth : writer.width - 2 * inner
    )
    if (row[1]) {
      labelledLines(doc, [row[1]], writer.left + inner + halfWidth + GAP, y, restWidth)
    }
    y += rowHeight
  }
  writer.y = top + height + GAP
}

function drawLines(writer: RideWriter, computed: ComputedDocument) {
  const total = writer.width
  const columns: Column[] = [
    { title: 'Cód. Principal', width: total * 0.11, align: 'left' },
    { title: 'Cód. Auxiliar', width: total * 0.1, align: 'left' },
    { title: 'Cant.', width: total * 0.08, align: 'right' },
    { title: 'Descripción', width: total * 0.37, align: 'left' },
    { title: 'Precio Unitario', width: total * 0.12, align: 'right' },
    { title: 'Descuento', width: total * 0.1, align: 'right' },
    { title: 'Precio Total', width: total * 0.12, align: 'right' },
  ]
  const titles = columns.map((column) => column.title)
  const header = () => {
    const height = writer.row(columns, titles, { header: true, measure: true })
    writer.ensure(height + 20)
    writer.y += writer.row(columns, titles, { header: true })
  }

  header()
  for (const line of computed.lines) {
    const details = (line.line.additionalDetails ?? [])
      .map((detail) => `${detail.name}: ${detail.value}`)
      .join(' · ')
    const description = details ? `${line.line.description}\n${details}` : line.line.description
    const cells = [
      line.line.code,
      line.line.auxiliaryCode ?? '',
      fine(line.quantity),
      description,
      fine(line.unitPrice),
      money(line.discount),
      money(line.total),
    ]
    const height = writer.row(columns, cells, { measure: true })
    if (writer.ensure(height)) header()
    writer.y += writer.row(columns, cells)
  }
  writer.y += GAP
}

function drawFooterBlocks(writer: RideWriter, data: RideData, computed: ComputedDocument) {
  const { doc } = writer
  const rightWidth = writer.width * 0.4
  const leftWidth = writer.width - rightWidth - GAP
  const rightX = writer.left + leftWidth + GAP
  const inner = 7

  // Additional information: buyer contact first, then the document's fields.
  const info: Array<{ label: string; value: string }> = []
  if (data.document.buyer.email) info.push({ label: 'Correo:', value: data.document.buyer.email })
  if (data.document.buyer.phone) info.push({ label: 'Teléfono:', value: data.document.buyer.phone })
  for (const item of data.document.additionalInfo ?? []) {
    info.push({ label: `${item.name}:`, value: item.value })
  }

  const payments = data.document.type === 'invoice' ? (data.document.payments ?? []) : []
  const paymentColumns: Column[] = [
    { title: 'Forma de pago', width: leftWidth * 0.58, align: 'left' },
    { title: 'Valor', width: leftWidth * 0.16, align: 'right' },
    { title: 'Plazo', width: leftWidth * 0.12, align: 'right' },
    { title: 'Tiempo', width: leftWidth * 0.14, align: 'left' },
  ]

  const infoHeight =
    info.length > 0
      ? labelledLines(doc, info, 0, 0, leftWidth - 2 * inner, true) + 2 * inner + 14
      : 0
  const totals = totalsRows(computed)
  const totalsHeight = totals.length * 14
  writer.ensure(Math.max(infoHeight, totalsHeight) + 10)

  const top = writer.y
  // Totals ladder (right).
  let y = top
  doc.lineWidth(0.5)
  for (const [label, value, strong] of totals) {
    const rowHeight = 14
    if (strong) doc.rect(rightX, y, rightWidth, rowHeight).fill(HEADER_FILL)
    doc.rect(rightX, y, rightWidth, rowHeight).stroke(LINE_COLOR)
    doc
      .moveTo(rightX + rightWidth * 0.65, y)
      .lineTo(rightX + rightWidth * 0.65, y + rowHeight)
      .stroke(LINE_COLOR)
    doc
      .fillColor('#111827')
      .font(strong ? BOLD : FONT)
      .fontSize(strong ? 8.5 : 7.5)
      .text(label, rightX + 4, y + 3.5, { width: rightWidth * 0.65 - 8 })
      .text(value, rightX + rightWidth * 0.65 + 4, y + 3.5, {
        width: rightWidth * 0.35 - 8,
        align: 'right',
      })
    y += rowHeight
  }
  const totalsBottom = y

  // Additional information and payments (left).
  let leftY = top
  if (info.length > 0) {
    writer.box(writer.left, leftY, leftWidth, infoHeight)
    leftY += inner
    leftY += writer.sectionTitle('Información Adicional', writer.left + inner, leftY, leftWidth)
    doc.fillColor('#111827')
    labelledLines(doc, info, writer.left + inner, leftY, leftWidth - 2 * inner)
    leftY = top + infoHeight + GAP
  }
  if (payments.length > 0) {
    writer.y = leftY
    writer.y += writer.row(
      paymentColumns,
      paymentColumns.map((column) => column.title),
      { header: true }
    )
    for (const payment of payments) {
      writer.y += writer.row(paymentColumns, [
        paymentLabel(payment.method),
        money(new Dec(payment.amount)),
        payment.term !== undefined ? String(payment.term) : '',
        payment.termUnit ?? '',
      ])
    }
    leftY = writer.y
  }

  writer.y = Math.max(totalsBottom, leftY) + GAP
}

function drawPageFooters(doc: Doc, data: RideData) {
  const range = doc.bufferedPageRange()
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index)
    // Writing inside the bottom margin would make pdfkit open a new page.
    const savedBottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    const y = doc.page.height - PAGE_MARGIN - 8
    doc
      .font(FONT)
      .fontSize(6.5)
      .fillColor(MUTED)
      .text(
        `${DOCUMENT_TITLES[data.document.type]} ${documentNumber(data)} · Clave de acceso ${data.accessKey}`,
        PAGE_MARGIN,
        y,
        { width: doc.page.width - 2 * PAGE_MARGIN - 80, lineBreak: false }
      )
      .text(
        `Página ${index - range.start + 1} de ${range.count}`,
        doc.page.width - PAGE_MARGIN - 80,
        y,
        {
          width: 80,
          align: 'right',
          lineBreak: false,
        }
      )
    doc.page.margins.bottom = savedBottom
  }
}

/** The mark of a RIDE printed before SRI authorized the comprobante. */
export const NOT_VALID_MARK = 'SIN VALIDEZ TRIBUTARIA · NO AUTORIZADO'

/**
 * Before authorization a RIDE is a draft of one: SRI's number and date are
 * missing and the comprobante may still be rejected. Every page then
 * carries a diagonal mark across it, and a line under the header, so a
 * printed copy cannot pass for a valid one.
 */
function drawNotValidMark(doc: Doc) {
  const range = doc.bufferedPageRange()
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index)
    const savedBottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    const { width, height } = doc.page
    doc.save()
    doc.rotate(-35, { origin: [width / 2, height / 2] })
    doc
      .font(BOLD)
      .fontSize(34)
      .fillColor('#b91c1c')
      .fillOpacity(0.18)
      .text(NOT_VALID_MARK, 0, height / 2 - 20, { width, align: 'center', lineBreak: false })
    doc.restore()
    doc
      .font(BOLD)
      .fontSize(8)
      .fillColor('#b91c1c')
      .fillOpacity(1)
      .text(`${NOT_VALID_MARK}: PENDIENTE DE AUTORIZACIÓN DEL SRI`, PAGE_MARGIN, PAGE_MARGIN / 2, {
        width: width - 2 * PAGE_MARGIN,
        align: 'center',
        lineBreak: false,
      })
    doc.page.margins.bottom = savedBottom
  }
}

/**
 * Renders the RIDE of an SRI factura or nota de crédito as a PDF.
 */
export async function renderRidePdf(data: RideData): Promise<Buffer> {
  const computed = computeDocument(data.document)
  const barcodeImage = await barcode(data.accessKey)
  const number = documentNumber(data)
  const created =
    data.authorization && typeof data.authorization.authorizedAt !== 'string'
      ? data.authorization.authorizedAt
      : undefined

  const PDFDocument = await loadPdfKit()
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE_MARGIN,
    bufferPages: true,
    info: {
      Title: `${DOCUMENT_TITLES[data.document.type]} ${number}`,
      Author: data.issuer.legalName,
      Subject: `RIDE · Clave de acceso ${data.accessKey}`,
      Creator: 'Facturo',
      ...(created ? { CreationDate: created } : {}),
    },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve())
    doc.on('error', reject)
  })

  const writer = new RideWriter(doc)
  drawHeader(writer, data, barcodeImage)
  drawBuyer(writer, data)
  drawLines(writer, computed)
  drawFooterBlocks(writer, data, computed)
  drawPageFooters(doc, data)
  if (!data.authorization) drawNotValidMark(doc)

  doc.end()
  await finished
  return Buffer.concat(chunks)
}
