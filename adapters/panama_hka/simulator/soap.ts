/*
|--------------------------------------------------------------------------
| HKA simulator: SOAP 1.1 in and out, the way a WCF service does it
|--------------------------------------------------------------------------
|
| Requests are read by namespace as WCF's DataContractSerializer reads
| them: an element in the wrong namespace is not the field it is named
| after (WCF leaves that field null), which is how a client that mixes up
| the per-method `ser:` namespaces fails against HKA. Replies are written
| like HKA's examples: `<XResponse xmlns="http://tempuri.org/"><XResult
| xmlns:a="…Services.Response" xmlns:i="…XMLSchema-instance">`, fields as
| `a:` elements, absent values as `i:nil="true"`.
|
*/
import { escapeXmlText } from '#adapters/panama_hka/documento/xml'
import {
  RESPONSE_NS,
  SOAP_ENVELOPE_NS,
  TEMPURI_NS,
  XSI_NS,
  type HkaOperation,
} from '#adapters/panama_hka/namespaces'

/** Element children of an element. */
export function elements(parent: Element): Element[] {
  return Array.from(parent.childNodes as ArrayLike<Node>).filter(
    (node): node is Element => node.nodeType === 1
  )
}

/** The first child with this local name in this namespace. */
export function child(parent: Element, namespace: string, name: string): Element | undefined {
  return elements(parent).find(
    (element) => element.localName === name && element.namespaceURI === namespace
  )
}

/** The text of such a child; undefined when absent (or in another namespace). */
export function childValue(parent: Element, namespace: string, name: string): string | undefined {
  const found = child(parent, namespace, name)
  return found ? (found.textContent ?? '') : undefined
}

export type ReplyValue = string | number | undefined | null | ReplyField[]
export type ReplyField = [name: string, value: ReplyValue, prefix?: string]

function writeFields(fields: ReplyField[], prefix: string): string {
  return fields
    .map(([name, value, own]) => {
      const tag = `${own ?? prefix}:${name}`
      if (value === undefined || value === null) return `<${tag} i:nil="true"/>`
      if (Array.isArray(value)) return `<${tag}>${writeFields(value, own ?? prefix)}</${tag}>`
      return `<${tag}>${escapeXmlText(String(value))}</${tag}>`
    })
    .join('')
}

/** A reply envelope; `extraNamespaces` declares more prefixes on the result (RastreoCorreo's `b:`). */
export function replyEnvelope(
  operation: HkaOperation,
  fields: ReplyField[],
  extraNamespaces: Record<string, string> = {}
): string {
  const extra = Object.entries(extraNamespaces)
    .map(([prefix, uri]) => ` xmlns:${prefix}="${uri}"`)
    .join('')
  return (
    `<s:Envelope xmlns:s="${SOAP_ENVELOPE_NS}"><s:Body>` +
    `<${operation}Response xmlns="${TEMPURI_NS}">` +
    `<${operation}Result xmlns:a="${RESPONSE_NS}" xmlns:i="${XSI_NS}"${extra}>` +
    writeFields(fields, 'a') +
    `</${operation}Result></${operation}Response></s:Body></s:Envelope>`
  )
}

/** A WCF-style SOAP 1.1 fault (sent with HTTP 500). */
export function faultEnvelope(code: string, reason: string): string {
  return (
    `<s:Envelope xmlns:s="${SOAP_ENVELOPE_NS}"><s:Body><s:Fault>` +
    `<faultcode xmlns:a="http://schemas.microsoft.com/ws/2005/05/addressing/none">${escapeXmlText(code)}</faultcode>` +
    `<faultstring xml:lang="es-PA">${escapeXmlText(reason)}</faultstring>` +
    '</s:Fault></s:Body></s:Envelope>'
  )
}
