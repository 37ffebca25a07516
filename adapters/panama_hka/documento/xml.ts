/*
|--------------------------------------------------------------------------
| Panama HKA: the documento as XML
|--------------------------------------------------------------------------
|
| The mapper produces an ordered tree (element order is part of the WCF
| data contract); this writes it the way HKA's examples do: `tem:documento`
| holding `ser:` children, every optional element left out rather than
| written empty ("no informar o no dejar sin valor esos campos",
| hka/01_documentos_fel/01_manual_integracion_ws.md). The text is the
| element Enviar carries, byte for byte, and what Facturo stores as the
| document's body.
|
*/
import { COMPROBANTE_NS, TEMPURI_NS } from '#adapters/panama_hka/namespaces'

/** An element: text content or children, never both. */
export interface XmlNode {
  name: string
  text?: string
  children?: XmlNode[]
}

/** A leaf, or nothing when the value is absent or blank. */
export function leaf(name: string, value: string | undefined | null): XmlNode | undefined {
  if (value === undefined || value === null) return undefined
  if (value.trim() === '') return undefined
  return { name, text: value }
}

/** A container, or nothing when all its children were left out. */
export function group(name: string, children: Array<XmlNode | undefined>): XmlNode | undefined {
  const present = children.filter((child): child is XmlNode => child !== undefined)
  return present.length > 0 ? { name, children: present } : undefined
}

export function escapeXmlText(value: string): string {
  if (!/[&<>\r]/.test(value)) return value
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#xD;')
}

function write(node: XmlNode, prefix: string, depth: number, out: string[]) {
  const indent = '\n' + '  '.repeat(depth)
  const name = `${prefix}${node.name}`
  if (node.children) {
    out.push(`${indent}<${name}>`)
    for (const child of node.children) write(child, prefix, depth + 1, out)
    out.push(`${indent}</${name}>`)
  } else {
    out.push(`${indent}<${name}>${escapeXmlText(node.text ?? '')}</${name}>`)
  }
}

/** Children written with a `ser:` prefix, one per line (no declaration, no root). */
export function writeChildren(children: XmlNode[], depth = 1): string {
  const out: string[] = []
  for (const child of children) write(child, 'ser:', depth, out)
  return out.join('')
}

/** The root element Facturo stores and Enviar sends: `<tem:documento>` with its namespaces. */
export const DOCUMENTO_OPEN = `<tem:documento xmlns:tem="${TEMPURI_NS}" xmlns:ser="${COMPROBANTE_NS}">`
export const DOCUMENTO_CLOSE = '\n</tem:documento>'

/** The documento as XML text. */
export function writeDocumento(children: XmlNode[]): string {
  return `${DOCUMENTO_OPEN}${writeChildren(children)}${DOCUMENTO_CLOSE}`
}
