/*
|--------------------------------------------------------------------------
| Characters an XML 1.0 document can carry
|--------------------------------------------------------------------------
|
| XML 1.0 §2.2 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
| [#x10000-#x10FFFF]. Anything else (the C0 controls other than tab, line
| feed and carriage return; U+FFFE and U+FFFF; a surrogate without its
| pair) cannot be written in an XML document at all, not even escaped as
| a character reference. A comprobante that holds one is malformed: SRI
| answers error 35 after the signature was spent on it.
|
| This is the one test of that rule. The application refuses such text
| where it comes in (forms, JSON bodies, CSV import: app/core/validation),
| and the adapters refuse it again before building, as a last line.
|
*/
import { TaxValidationError } from '#adapters/core/errors'
import type { LocalizedText, ValidationIssue } from '#adapters/core/types'

// Scanned by UTF-16 code unit on purpose (no `u` flag): a lone surrogate is
// what must be found, and the `u` flag would hide it.
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export interface XmlCharacterProblem {
  /** Position of the character in the string (UTF-16 code units, from 0). */
  index: number
  /** The character as people write it: "U+FFFF", "U+0001", "U+D800". */
  codePoint: string
}

/** The first character XML 1.0 cannot carry, or undefined when the text is fine. */
export function findNonXmlCharacter(value: string): XmlCharacterProblem | undefined {
  const match = NOT_XML_CHAR.exec(value)
  if (!match) return undefined
  const unit = match[0].charCodeAt(0)
  return {
    index: match.index,
    codePoint: `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`,
  }
}

/** True when every character of the text can be written in XML 1.0. */
export function isXmlText(value: string): boolean {
  return !NOT_XML_CHAR.test(value)
}

/**
 * Every string inside a value (objects, arrays) that XML cannot carry,
 * with its dotted path ("buyer.name", "lines.2.description"). Used by the
 * adapters to check a whole document before building it.
 */
export function nonXmlStrings(
  value: unknown,
  path = ''
): Array<XmlCharacterProblem & { path: string }> {
  if (typeof value === 'string') {
    const problem = findNonXmlCharacter(value)
    return problem ? [{ ...problem, path }] : []
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) =>
      nonXmlStrings(item, path ? `${path}.${index}` : `${index}`)
    )
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return []
    return Object.entries(value).flatMap(([key, item]) =>
      nonXmlStrings(item, path ? `${path}.${key}` : key)
    )
  }
  return []
}

export interface XmlBodyCheck {
  /** The issue code and translation key, e.g. "tax.ec.xml_character". */
  code: string
  /** What the body is, as a sentence's subject: "El comprobante" / "The document". */
  subject: LocalizedText
  /** The element named when none encloses the character. */
  root: string
}

/**
 * The last line before a built body leaves for the authority: a character
 * XML 1.0 cannot carry would make the whole request malformed, so the
 * finished text is checked once and the error names the element that
 * holds it (without its namespace prefix).
 */
export function assertXmlBody(body: string, check: XmlBodyCheck) {
  const problem = findNonXmlCharacter(body)
  if (!problem) return
  const before = body.slice(0, problem.index)
  const element = /<(?:[\w.-]+:)?([A-Za-z][\w.-]*)[^<]*$/.exec(before)?.[1] ?? check.root
  const issue: ValidationIssue = {
    field: '',
    code: check.code,
    message: {
      es: `${check.subject.es} tendría un carácter que XML no admite (${problem.codePoint}) en <${element}>; corrija ese texto.`,
      en: `${check.subject.en} would hold a character XML cannot carry (${problem.codePoint}) in <${element}>; fix that text.`,
    },
    severity: 'error',
    params: { character: problem.codePoint, element },
  }
  throw new TaxValidationError(
    `Refusing to build ${check.root} with ${problem.codePoint} in <${element}>`,
    [issue],
    { i18nKey: check.code }
  )
}
