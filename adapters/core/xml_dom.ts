/*
|--------------------------------------------------------------------------
| Small DOM helpers for authority replies and documents
|--------------------------------------------------------------------------
|
| Authorities answer with child elements whose prefixes vary (SRI leaves
| them unqualified under a namespaced operation element; WCF services such
| as HKA's declare their own prefixes), and simulators may prefix
| differently than the real service does, so every lookup here goes by
| local name and ignores prefixes. Shared by the country adapters.
|
*/
import { DOMParser } from '@xmldom/xmldom'
import sax from 'sax'

export interface ParsedXml {
  document: Document | null
  /** Parser errors; empty when the text is well-formed. */
  errors: string[]
}

/**
 * Parses XML text, collecting errors instead of printing them. xmldom keeps
 * going after many errors, so callers must check `errors` to know whether the
 * text was well-formed.
 */
export function parseXml(text: string): ParsedXml {
  const errors: string[] = []
  const parser = new DOMParser({
    locator: {},
    errorHandler: {
      warning: () => {},
      error: (message: string) => errors.push(message),
      fatalError: (message: string) => errors.push(message),
    },
  })
  let document: Document | null = null
  try {
    document = parser.parseFromString(text, 'text/xml') as unknown as Document
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error))
  }
  if (!document || !document.documentElement) {
    if (errors.length === 0) errors.push('no root element')
    return { document: null, errors }
  }
  return { document, errors }
}

function localNameOf(node: Node): string {
  const element = node as Element
  return element.localName ?? element.nodeName.replace(/^.*:/, '')
}

/**
 * Parses text that must be well-formed XML. xmldom alone is lenient (it
 * silently closes unclosed tags), so a strict sax pass runs first; xmldom's
 * own complaints (duplicate attributes, unknown entities, several roots)
 * count too. `error` says why the text is not well-formed.
 */
export function parseWellFormed(
  text: string
): { document: Document; error: null } | { document: null; error: string } {
  if (text.trim() === '') return { document: null, error: 'empty document' }
  const strict = sax.parser(true, { xmlns: false })
  strict.onerror = (error: Error) => {
    throw error
  }
  try {
    strict.write(text).close()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { document: null, error: message.split('\n').join(' ') }
  }
  const { document, errors } = parseXml(text)
  if (!document || errors.length > 0) {
    return { document: null, error: (errors[0] ?? 'no root element').replace(/\s+/g, ' ').trim() }
  }
  return { document, error: null }
}

/**
 * Direct element children of `parent` with the given local name. xmldom's
 * NodeList is array-like but not iterable, hence Array.from.
 */
export function childElements(parent: Element | Document, name: string): Element[] {
  return Array.from(parent.childNodes as ArrayLike<Node>).filter(
    (node): node is Element => node.nodeType === 1 && localNameOf(node) === name
  )
}

/** First direct element child with the given local name. */
export function firstChild(parent: Element | Document, name: string): Element | undefined {
  return childElements(parent, name)[0]
}

/** Trimmed text of the first direct child with the given local name. */
export function childText(parent: Element, name: string): string | undefined {
  const child = firstChild(parent, name)
  if (!child) return undefined
  return (child.textContent ?? '').trim()
}
