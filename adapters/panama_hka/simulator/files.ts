/*
|--------------------------------------------------------------------------
| HKA simulator: the files DescargaXML and DescargaPDF return
|--------------------------------------------------------------------------
|
| HKA returns the DGI's signed rFE and its CAFE (a PDF with the QR code).
| The simulator has no signing certificate and no DGI, so it returns
| look-alikes that carry what Facturo uses from them: an rFE whose dId is
| the CUFE, with the protocol and the QR URL (gNoFirm/dQRCode, after where
| the signature would be), and a one-page PDF with the CUFE, the protocol,
| the total and the QR code. Both say they come from the simulator.
|
*/
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { escapeXmlText } from '#adapters/panama_hka/documento/xml'
import { isoPanama, type SimulatedDocument } from '#adapters/panama_hka/simulator/hka_ledger'

const cdata = (value: string) => `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`

/** An rFE-shaped XML of an authorized document (unsigned: the simulator holds no certificate). */
export function rfeXml(document: SimulatedDocument, ruc: string, dv: string): string {
  const iAmb = document.cufe.charAt(55)
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- Facturo HKA simulator: not signed, not sent to the DGI -->',
    '<rFE xmlns="http://dgi-fep.mef.gob.pa">',
    '  <dVerForm>1.00</dVerForm>',
    `  <dId>${escapeXmlText(document.cufe)}</dId>`,
    '  <gDGen>',
    `    <iAmb>${iAmb}</iAmb>`,
    `    <iTpEmis>${document.emissionType}</iTpEmis>`,
    `    <iDoc>${document.documentType}</iDoc>`,
    `    <dNroDF>${document.number}</dNroDF>`,
    `    <dPtoFacDF>${document.emissionPointCode}</dPtoFacDF>`,
    `    <dSeg>${document.cufe.slice(56, 65)}</dSeg>`,
    `    <dFechaEm>${escapeXmlText(document.issuedAt)}</dFechaEm>`,
    '    <gEmis>',
    `      <gRucEmi><dRuc>${escapeXmlText(ruc)}</dRuc><dDV>${dv}</dDV></gRucEmi>`,
    `      <dSucEm>${document.establishmentCode}</dSucEm>`,
    '    </gEmis>',
    '  </gDGen>',
    `  <gTot><dVTot>${document.total}</dVTot></gTot>`,
    `  <gInfProt><dProtAut>${document.protocol}</dProtAut><dFecProc>${isoPanama(document.receivedAt)}</dFecProc></gInfProt>`,
    `  <gNoFirm><dQRCode>${cdata(document.qr)}</dQRCode></gNoFirm>`,
    '</rFE>',
    '',
  ].join('\n')
}

/** A one-page CAFE look-alike with the QR code of the DGI URL. */
export async function cafePdf(document: SimulatedDocument): Promise<Buffer> {
  const qr = await QRCode.toBuffer(document.qr, {
    errorCorrectionLevel: 'M',
    margin: 1,
    width: 180,
  })
  const pdf = new PDFDocument({
    size: 'LETTER',
    margin: 50,
    info: {
      Title: `CAFE ${document.number}`,
      Subject: `CUFE ${document.cufe}`,
      Creator: 'Facturo HKA simulator',
    },
  })
  const chunks: Buffer[] = []
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
  const finished = new Promise<void>((resolve, reject) => {
    pdf.on('end', () => resolve())
    pdf.on('error', reject)
  })
  pdf.fontSize(14).text('Comprobante Auxiliar de Factura Electrónica (CAFE)')
  pdf
    .fontSize(9)
    .fillColor('#991b1b')
    .text('Simulador de HKA de Facturo: documento sin validez fiscal')
  pdf.fillColor('black').moveDown()
  pdf.fontSize(10)
  pdf.text(
    `Documento ${document.documentType} · Nº ${document.number} · punto ${document.emissionPointCode}`
  )
  pdf.text(`Fecha de emisión: ${document.issuedAt}`)
  if (document.customerName) pdf.text(`Cliente: ${document.customerName}`)
  pdf.text(`Total: B/. ${document.total}`)
  pdf.text(`Protocolo de autorización: ${document.protocol}`)
  pdf.moveDown()
  pdf.text('CUFE:')
  pdf.font('Courier').text(document.cufe).font('Helvetica')
  pdf.moveDown()
  pdf.image(qr, { width: 150 })
  pdf.moveDown()
  pdf.fontSize(8).text('Consulte en la DGI con el código QR.')
  pdf.end()
  await finished
  return Buffer.concat(chunks)
}
