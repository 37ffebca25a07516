/*
|--------------------------------------------------------------------------
| Facturo's own CAFE (Comprobante Auxiliar de Factura Electrónica)
|--------------------------------------------------------------------------
|
| The CAFE a buyer receives is normally HKA's (DescargaPDF). When HKA
| cannot be reached, Facturo draws its own from the stored document and
| what the authorization returned: the CUFE, the DGI's verification URL as
| a QR code (panama-hka.md §3: the QR of the CAFE is the FacturasPorQR
| URL Enviar answers) and the authorization protocol. Before authorization
| it is a draft copy, marked as such.
|
*/
import { loadPdfKit, loadQrCode } from '#adapters/core/lazy_modules'
import type { PrintableDocument } from '#adapters/core/types'
import { computeDocumento, money, fine } from '#adapters/panama_hka/documento/amounts'
import { hkaDocumentType } from '#adapters/panama_hka/documento/mapper'

const TITLES: Record<string, string> = {
  '01': 'Factura de operación interna',
  '04': 'Nota de crédito referente a una FE',
  '06': 'Nota de crédito genérica',
}

function collect(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = []
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
  return new Promise((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)))
    pdf.on('error', reject)
  })
}

export async function renderCafePdf(input: PrintableDocument): Promise<Buffer> {
  const { document, issuer, authorization } = input
  const computed = computeDocumento(document)
  const type = hkaDocumentType(document)
  const cufe = authorization?.number ?? null
  const PDFDocument = await loadPdfKit()
  const pdf = new PDFDocument({
    size: 'LETTER',
    margin: 50,
    info: {
      Title: `CAFE ${input.number ?? ''}`.trim(),
      Subject: cufe ? `CUFE ${cufe}` : 'Borrador',
      Creator: 'Facturo',
    },
  })
  const done = collect(pdf)

  pdf.fontSize(14).text('Comprobante Auxiliar de Factura Electrónica (CAFE)')
  pdf.fontSize(10).text(TITLES[type] ?? type)
  if (input.environment === 'test') {
    pdf.fillColor('#991b1b').text('Ambiente de pruebas: sin validez fiscal').fillColor('black')
  }
  if (!authorization) {
    pdf.fillColor('#991b1b').text('Copia sin autorizar de la DGI').fillColor('black')
  }
  pdf.moveDown(0.5)
  if (input.logo) {
    // The logo sits above the issuer's data, at most 160×60 points.
    const top = pdf.y
    pdf.image(input.logo, pdf.page.margins.left, top, { fit: [160, 60] })
    pdf.y = top + 64
  }
  pdf.fontSize(10).font('Helvetica-Bold').text(issuer.legalName).font('Helvetica')
  const dv = issuer.taxIdCheckDigits ? ` DV ${issuer.taxIdCheckDigits}` : ''
  pdf.text(`RUC ${issuer.taxId}${dv}`)
  if (issuer.headOfficeAddress) pdf.text(issuer.headOfficeAddress)
  if (issuer.taxpayerType) {
    pdf.text(`Tipo de contribuyente: ${issuer.taxpayerType === '1' ? 'Natural' : 'Jurídico'}`)
  }
  if (issuer.phone) pdf.text(`Teléfono: ${issuer.phone}`)
  if (issuer.email) pdf.text(`Correo: ${issuer.email}`)
  pdf.moveDown(0.5)
  pdf.text(`Número: ${input.number ?? '—'}    Fecha de emisión: ${document.issueDate}`)
  pdf.text(`Cliente: ${document.buyer.name} · ${document.buyer.identification}`)
  if (document.reference) {
    const key = document.reference.authorityKey ? ` · CUFE ${document.reference.authorityKey}` : ''
    pdf.text(`Referencia: ${document.reference.number} del ${document.reference.issueDate}${key}`)
    if (document.reference.reason) pdf.text(`Motivo: ${document.reference.reason}`)
  }
  pdf.moveDown(0.5)

  pdf.font('Helvetica-Bold').text('Detalle')
  pdf.font('Helvetica').fontSize(9)
  for (const item of computed.items) {
    const rate = item.rate.isZero() ? 'exento' : `ITBMS ${item.rate.toString()} %`
    pdf.text(
      `${item.line.code}  ${item.line.description} — ${fine(item.quantity)} × B/. ${fine(item.unitPrice)}` +
        ` = B/. ${money(item.price)} (${rate}: B/. ${money(item.tax)})`
    )
  }
  pdf.moveDown(0.5).fontSize(10)
  pdf.text(`Total neto: B/. ${money(computed.net)}`, { align: 'right' })
  pdf.text(`ITBMS: B/. ${money(computed.itbms)}`, { align: 'right' })
  pdf.font('Helvetica-Bold').text(`Total: B/. ${money(computed.total)}`, { align: 'right' })
  pdf.font('Helvetica').moveDown()

  if (authorization) {
    const authorizedAt = new Date(authorization.authorizedAt).toISOString()
    pdf.text(`Protocolo de autorización: ${authorization.protocolNumber ?? '—'}`)
    pdf.text(`Fecha de autorización: ${authorizedAt}`)
    pdf.text('CUFE:')
    pdf.font('Courier').text(authorization.number).font('Helvetica')
    if (authorization.verificationUrl) {
      const QRCode = await loadQrCode()
      const qr = await QRCode.toBuffer(authorization.verificationUrl, {
        errorCorrectionLevel: 'M',
        margin: 1,
        width: 360,
      })
      pdf.moveDown(0.5).image(qr, { width: 180 })
      pdf.fontSize(8).text('Consulte este comprobante en la DGI con el código QR.')
    }
  }
  pdf.end()
  return done
}
