import i18nManager from '@adonisjs/i18n/services/main'
import type { I18n } from '@adonisjs/i18n'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'

/** An i18n instance for code without a request (jobs, seeders). */
export function i18nFor(locale: string): I18n {
  return i18nManager.locale(i18nManager.getSupportedLocaleFor(locale) ?? i18nManager.defaultLocale)
}

/**
 * Vine messages for the catalog forms: `catalog.validator.messages.*` and
 * `catalog.validator.fields.*` first (resources/lang/<locale>/catalog.json),
 * then the shared `validator.shared.*` ones, then the rule's own default
 * message (country rules report theirs already translated).
 */
export class CatalogMessagesProvider implements MessagesProviderContact {
  constructor(private i18n: I18n) {}

  #resolve(key: string) {
    return this.i18n.resolveIdentifier(key)?.message
  }

  #fieldName(name: string) {
    const message =
      this.#resolve(`catalog.validator.fields.${name}`) ??
      this.#resolve(`validator.shared.fields.${name}`)
    return message ? this.i18n.formatRawMessage(message) : name
  }

  getMessage(
    defaultMessage: string,
    rule: string,
    field: FieldContext,
    meta?: Record<string, any>
  ): string {
    const data = { ...meta, field: this.#fieldName(String(field.name)) }
    const candidates = [
      `catalog.validator.messages.${field.wildCardPath}.${rule}`,
      `catalog.validator.messages.${rule}`,
      `validator.shared.messages.${field.wildCardPath}.${rule}`,
      `validator.shared.messages.${rule}`,
    ]
    for (const key of candidates) {
      const message = this.#resolve(key)
      if (message) return this.i18n.formatRawMessage(message, data)
    }
    return defaultMessage.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
      name in data ? String(data[name as keyof typeof data]) : whole
    )
  }
}

export function catalogMessages(i18n: I18n) {
  return new CatalogMessagesProvider(i18n)
}
