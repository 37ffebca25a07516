import tax from '#adapters/core/services/tax'

/**
 * What any message may say about a company's country, from its tax
 * adapter's profile, as ICU arguments: the `{authority}` ("SRI", "DGI")
 * with the `{gender}` of its Spanish article (`{gender, select, masculine
 * {el} other {la}}`) and its `{authorityFullName}`, the PAC that carries
 * documents to it (`{via}` yes/no, `{intermediary}`), the `{tax}` ("IVA",
 * "ITBMS"), the document's `{key}` as written mid-sentence ("clave de
 * acceso", "CUFE") and as a label starts (`{keyLabel}`), the `{printed}`
 * document ("RIDE", "CAFE") and the `{taxId}` ("RUC", "RUC + DV").
 *
 * Pages receive them with the company (`tenant.words`) and every message
 * they format gets them; server messages (e-mails, exports) pass them.
 */
export interface CountryWords {
  authority: string
  authorityFullName: string
  gender: 'masculine' | 'feminine'
  via: 'yes' | 'no'
  intermediary: string
  tax: string
  key: string
  keyLabel: string
  printed: string
  taxId: string
}

const capitalized = (text: string) => text.replace(/^./, (first) => first.toUpperCase())

export function countryWords(country: string, language: string): CountryWords {
  const locale = language === 'en' ? 'en' : 'es'
  if (!tax.has(country)) {
    // A country no adapter registers (its company can still sign in): neutral words.
    const neutral = locale === 'en' ? 'tax authority' : 'autoridad tributaria'
    return {
      authority: neutral,
      authorityFullName: neutral,
      gender: 'feminine',
      via: 'no',
      intermediary: '',
      tax: locale === 'en' ? 'Tax' : 'Impuesto',
      key: locale === 'en' ? 'key' : 'clave',
      keyLabel: locale === 'en' ? 'Key' : 'Clave',
      printed: 'PDF',
      taxId: locale === 'en' ? 'Tax id' : 'Identificación tributaria',
    }
  }
  const { authorityName, terms } = tax.use(country).profile
  return {
    authority: authorityName,
    authorityFullName: terms.authorityFullName[locale],
    gender: terms.authorityGender,
    via: terms.intermediary ? 'yes' : 'no',
    intermediary: terms.intermediary ?? '',
    tax: terms.tax,
    key: terms.documentKey[locale],
    keyLabel: capitalized(terms.documentKey[locale]),
    printed: terms.printedDocument,
    taxId: terms.taxId,
  }
}

/**
 * The ISO code amounts in `currency` are written with for a company of
 * `country`: its documents' currency as the country writes it (Panama's
 * dollars with the balboa's B/., `profile.currency.display`), any other
 * currency as it is.
 */
export function shownCurrency(country: string, currency: string): string {
  if (!tax.has(country)) return currency
  const { code, display } = tax.use(country).profile.currency
  return currency === code && display ? display : currency
}
