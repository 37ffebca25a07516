/*
|--------------------------------------------------------------------------
| Heavy libraries loaded on first use
|--------------------------------------------------------------------------
|
| Adapters are registered by providers, so whatever their modules import
| is loaded by every process at boot: the web server, each queue worker,
| every ace command. The SOAP client and the PDF, QR and barcode libraries
| are needed only when a document is sent or drawn, and together they
| weigh about 60 MB of resident memory in a process that never uses them
| (docs/performance.md, "ZIP"). They are imported here on first call
| instead, once per process (the module cache keeps them).
|
*/

export async function loadSoap() {
  return import('soap')
}

export async function loadPdfKit() {
  const { default: PDFDocument } = await import('pdfkit')
  return PDFDocument
}

export async function loadQrCode() {
  const { default: QRCode } = await import('qrcode')
  return QRCode
}

export async function loadBarcode() {
  const { toBuffer } = await import('bwip-js')
  return toBuffer
}
