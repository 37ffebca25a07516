/*
 * HKA's own requests, read at test time from the reference folder next to
 * the project (../shared/reference/hka): the demo Postman collection and the
 * example documents of the wiki. The product never reads these files; the
 * golden tests compare what the mapper writes with them.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseXml } from '#adapters/core/xml_dom'
import type { XmlNode } from '#adapters/panama_hka/documento/xml'

export const HKA_REFERENCE_DIR = fileURLToPath(
  new URL('../../../../shared/reference/hka/', import.meta.url)
)

interface PostmanItem {
  name: string
  item?: PostmanItem[]
  request?: { header?: Array<{ key: string; value: string }>; body?: { raw?: string } }
}

/** Every request of HKA's demo Postman collection: name, SOAPAction and raw body. */
export function postmanRequests(): Array<{ name: string; soapAction: string; body: string }> {
  const collection = JSON.parse(
    readFileSync(`${HKA_REFERENCE_DIR}DEMO.postman_collection.json`, 'utf8')
  ) as { item: PostmanItem[] }
  const out: Array<{ name: string; soapAction: string; body: string }> = []
  const walk = (items: PostmanItem[]) => {
    for (const item of items) {
      if (item.item) walk(item.item)
      else if (item.request) {
        const action = item.request.header?.find((header) => header.key === 'SOAPAction')
        out.push({
          name: item.name,
          soapAction: (action?.value ?? '').replace(/"/g, ''),
          body: item.request.body?.raw ?? '',
        })
      }
    }
  }
  walk(collection.item)
  return out
}

/** The first ```xml block of a wiki example page that holds a `tem:documento`. */
export function wikiExample(file: string): string {
  const text = readFileSync(`${HKA_REFERENCE_DIR}03_documentos_fiscales/${file}`, 'utf8')
  const blocks = [...text.matchAll(/```xml\n([\s\S]*?)```/g)].map((match) => match[1])
  const block = blocks.find((candidate) => candidate.includes('<tem:documento>'))
  if (!block) throw new Error(`${file}: no documento example`)
  return block
}

/** The element `name` (by local name) anywhere in an XML fragment, as a tree; namespaces need not be declared. */
export function elementTree(xml: string, name: string): XmlNode {
  // The wiki's fragments use tem:/ser: without declaring them: strip prefixes.
  const plain = xml.replace(/<(\/?)[A-Za-z][\w.-]*:/g, '<$1').replace(/\sxmlns(:\w+)?="[^"]*"/g, '')
  const start = plain.indexOf(`<${name}>`)
  const end = plain.indexOf(`</${name}>`)
  if (start < 0 || end < 0) throw new Error(`no <${name}> in the example`)
  const { document, errors } = parseXml(plain.slice(start, end + name.length + 3))
  if (!document || errors.length > 0) throw new Error(`unreadable <${name}>: ${errors[0]}`)
  return toTree(document.documentElement)
}

function toTree(element: Element): XmlNode {
  const name = element.localName ?? element.nodeName
  const elements = Array.from(element.childNodes as ArrayLike<Node>).filter(
    (node): node is Element => node.nodeType === 1
  )
  if (elements.length === 0) return { name, text: element.textContent ?? '' }
  return { name, children: elements.map(toTree) }
}

/** Leaves as `path = value` lines in document order (path with 1-based indexes of repeated siblings). */
export function flatten(node: XmlNode, prefix = ''): Array<[string, string]> {
  const path = prefix ? `${prefix}/${node.name}` : node.name
  if (!node.children) return [[path, node.text ?? '']]
  const seen = new Map<string, number>()
  const out: Array<[string, string]> = []
  for (const child of node.children) {
    const count = (seen.get(child.name) ?? 0) + 1
    seen.set(child.name, count)
    const repeated = node.children.filter((other) => other.name === child.name).length > 1
    const named = repeated ? { ...child, name: `${child.name}[${count}]` } : child
    out.push(...flatten(named, path))
  }
  return out
}

/**
 * HKA's rule: optional fields that do not apply are left out, never sent
 * empty. HKA's own examples still carry some empty elements; this drops
 * them (and containers left empty) so they compare with what Facturo sends.
 */
export function withoutEmpty(node: XmlNode): XmlNode | undefined {
  if (!node.children) return (node.text ?? '').trim() === '' ? undefined : node
  const children = node.children
    .map(withoutEmpty)
    .filter((child): child is XmlNode => child !== undefined)
  return children.length > 0 ? { ...node, children } : undefined
}
