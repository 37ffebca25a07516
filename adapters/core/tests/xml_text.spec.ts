import { test } from '@japa/runner'
import { findNonXmlCharacter, isXmlText, nonXmlStrings } from '#adapters/core/xml_text'

/*
 * Vectors from XML 1.0 §2.2 (Char): what a document may hold, and the
 * code points it can never hold, even as a character reference.
 */
const ALLOWED: Array<[string, string]> = [
  ['Ferretería El Ñandú & Cía. <S.A.>', 'letters, accents and markup characters (escaped later)'],
  ['a\tb\nc\rd', 'tab, line feed and carriage return'],
  ['\u0020\uD7FF\uE000\uFFFD', 'edges of the allowed ranges: U+0020, U+D7FF, U+E000, U+FFFD'],
  ['Pago con 😀 y 𝄞', 'astral characters written as surrogate pairs'],
  ['\u0080\u009F\u007F', 'DEL and C1 controls: discouraged, but legal XML 1.0'],
  ['', 'empty text'],
]

const REFUSED: Array<[string, number, string, string]> = [
  ['abc\uFFFF', 3, 'U+FFFF', 'noncharacter U+FFFF'],
  ['\uFFFEabc', 0, 'U+FFFE', 'noncharacter U+FFFE (a byte-order mark read backwards)'],
  ['a\u0000b', 1, 'U+0000', 'NUL'],
  ['a\u0001b', 1, 'U+0001', 'C0 control U+0001'],
  ['a\u000Bb', 1, 'U+000B', 'vertical tab'],
  ['a\u000Cb', 1, 'U+000C', 'form feed'],
  ['a\u001Fb', 1, 'U+001F', 'unit separator U+001F'],
  ['abc\uD800', 3, 'U+D800', 'high surrogate at the end, without its pair'],
  ['\uD83Dx', 0, 'U+D83D', 'high surrogate followed by a letter'],
  ['x\uDC00y', 1, 'U+DC00', 'low surrogate without a high one'],
  ['\uDE00\uD83D', 0, 'U+DE00', 'a pair written in the wrong order'],
]

test.group('XML text | XML 1.0 Char', () => {
  for (const [value, why] of ALLOWED) {
    test(`allows ${why}`, ({ assert }) => {
      assert.isUndefined(findNonXmlCharacter(value))
      assert.isTrue(isXmlText(value))
    })
  }
  for (const [value, index, codePoint, why] of REFUSED) {
    test(`refuses ${why}`, ({ assert }) => {
      assert.deepEqual(findNonXmlCharacter(value), { index, codePoint })
      assert.isFalse(isXmlText(value))
    })
  }

  test('finds every bad string of a document with its path', ({ assert }) => {
    const document = {
      buyer: { name: 'Ana\uFFFF', address: 'Quito' },
      lines: [{ description: 'ok' }, { description: 'mal\u0002' }],
      additionalInfo: [{ name: 'Nota', value: '\uD800' }],
      when: new Date(),
      amount: 12,
    }
    assert.deepEqual(
      nonXmlStrings(document).map((problem) => `${problem.path}@${problem.codePoint}`),
      ['buyer.name@U+FFFF', 'lines.1.description@U+0002', 'additionalInfo.0.value@U+D800']
    )
  })
})
