/*
|--------------------------------------------------------------------------
| Comprobante checks at recepción (simulator side)
|--------------------------------------------------------------------------
|
| What SRI's recepción refuses with DEVUELTA before anything is stored:
| malformed XML or an unsupported root (35), a malformed clave (35), a clave
| that does not match the document's own fields (58), an oversized document
| (26). The signature is checked later, at autorización, like SRI does:
| a broken signature is RECIBIDA first and NO AUTORIZADO (39) afterwards.
|
*/
import { accessKeyFields, accessKeyProblem } from '#adapters/ecuador_sri/simulator/access_key_check'
import { childText, firstChild, parseWellFormed } from '#adapters/core/xml_dom'

/** SRI's limit per comprobante (ficha técnica): 320 KB. */
export const MAX_COMPROBANTE_BYTES = 320 * 1024

/** Root element → codDoc, for the documents Facturo issues. */
const SUPPORTED_ROOTS: Record<string, string> = { factura: '01', notaCredito: '04' }

export interface InspectedComprobante {
  rootName: 'factura' | 'notaCredito'
  accessKey: string
  /** '1' pruebas, '2' producción. */
  environment: string
  ruc: string
  documentCode: string
  establishment: string
  emissionPoint: string
  sequential: string
  /** dd/mm/yyyy as in the XML. */
  issueDate: string
}

export interface Rejection {
  code: string
  text: string
  info: string
  /** The clave, when it could be read. */
  accessKey?: string
}

export type InspectionOutcome =
  | { ok: true; comprobante: InspectedComprobante; document: Document }
  | { ok: false; rejection: Rejection }

const reject = (code: string, text: string, info: string, accessKey?: string) =>
  ({ ok: false, rejection: { code, text, info, accessKey } }) as const

const STRUCTURE = 'ARCHIVO NO CUMPLE ESTRUCTURA XML'

/** Checks a decoded comprobante the way recepción does. */
export function inspectComprobante(xml: string): InspectionOutcome {
  if (xml.trim() === '') {
    return reject(
      '49',
      'ARGUMENTOS QUE SE ENVIAN AL WEB SERVICE NULOS',
      'No se recibió el comprobante'
    )
  }
  if (Buffer.byteLength(xml, 'utf8') > MAX_COMPROBANTE_BYTES) {
    return reject('26', 'TAMAÑO MÁXIMO SUPERADO', 'El comprobante supera los 320 KB')
  }
  const { document, error } = parseWellFormed(xml)
  if (!document) return reject('35', STRUCTURE, `XML mal formado: ${error}`)

  const root = document.documentElement
  const rootName = root.localName ?? root.nodeName
  const documentCode = SUPPORTED_ROOTS[rootName]
  if (!documentCode) {
    return reject(
      '35',
      STRUCTURE,
      `Elemento raíz no admitido: ${rootName} (se espera factura o notaCredito)`
    )
  }
  if (root.getAttribute('id') !== 'comprobante') {
    return reject('35', STRUCTURE, 'El atributo id del elemento raíz debe ser "comprobante"')
  }

  const info = firstChild(root, 'infoTributaria')
  if (!info) return reject('35', STRUCTURE, 'Falta el elemento infoTributaria')
  const accessKey = childText(info, 'claveAcceso') ?? ''
  const keyProblem = accessKeyProblem(accessKey)
  if (keyProblem) {
    return reject(
      '35',
      STRUCTURE,
      `Clave de acceso inválida: ${keyProblem}`,
      accessKey || undefined
    )
  }

  const detailName = rootName === 'factura' ? 'infoFactura' : 'infoNotaCredito'
  const detail = firstChild(root, detailName)
  const comprobante: InspectedComprobante = {
    rootName: rootName as InspectedComprobante['rootName'],
    accessKey,
    environment: childText(info, 'ambiente') ?? '',
    ruc: childText(info, 'ruc') ?? '',
    documentCode: childText(info, 'codDoc') ?? '',
    establishment: childText(info, 'estab') ?? '',
    emissionPoint: childText(info, 'ptoEmi') ?? '',
    sequential: childText(info, 'secuencial') ?? '',
    issueDate: detail ? (childText(detail, 'fechaEmision') ?? '') : '',
  }

  // SRI error 58: the clave must repeat the document's own fields.
  const fields = accessKeyFields(accessKey)
  const mismatches: string[] = []
  const compare = (label: string, inKey: string, inDocument: string) => {
    if (inKey !== inDocument) mismatches.push(`${label} (clave ${inKey}, documento ${inDocument})`)
  }
  compare('fechaEmision', fields.date, comprobante.issueDate.replace(/\//g, ''))
  compare('codDoc', fields.documentCode, comprobante.documentCode)
  compare('codDoc del tipo de comprobante', fields.documentCode, documentCode)
  compare('ruc', fields.ruc, comprobante.ruc)
  compare('ambiente', fields.environment, comprobante.environment)
  compare('estab', fields.establishment, comprobante.establishment)
  compare('ptoEmi', fields.emissionPoint, comprobante.emissionPoint)
  compare('secuencial', fields.sequential, comprobante.sequential)
  if (mismatches.length > 0) {
    return reject(
      '58',
      'ERROR EN LA ESTRUCTURA DE CLAVE ACCESO',
      `La clave de acceso no coincide con el comprobante: ${mismatches.join('; ')}`,
      accessKey
    )
  }

  return { ok: true, comprobante, document }
}
