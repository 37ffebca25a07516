/*
|--------------------------------------------------------------------------
| Vine rule: text an electronic document can carry
|--------------------------------------------------------------------------
|
| Every field whose text ends up inside a tax document (company and
| customer names, addresses, e-mails, product codes and descriptions, line
| texts, additional information, credit note reasons) uses it, so a
| character XML 1.0 cannot carry (U+FFFE, U+FFFF, C0 controls other than
| tab/LF/CR, a lone surrogate) is refused where it is typed, pasted, posted
| as JSON or imported from a CSV, with a message next to its field. The
| character test itself is the adapters' (`#adapters/core/xml_text`), so
| the builders refuse exactly the same text.
|
| Messages: `validator.shared.messages.xml_text` (catalog forms fall back to
| it too), with {character} and {position}.
|
*/
import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { findNonXmlCharacter } from '#adapters/core/xml_text'

export const xmlText = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string') return
    const problem = findNonXmlCharacter(value)
    if (!problem) return
    field.report(
      'The {{ field }} field holds a character electronic documents cannot carry ({{ character }})',
      'xml_text',
      field,
      { character: problem.codePoint, position: problem.index + 1 }
    )
  }
)
