/*
|--------------------------------------------------------------------------
| Country translations
|--------------------------------------------------------------------------
|
| An @adonisjs/i18n loader (config/i18n.ts) for what belongs to the country
| adapters: each registered country's own translation folder (the same
| `<locale>/<file>.json` layout as resources/lang, e.g. Ecuador's SRI codes
| in adapters/ecuador_sri/lang), and the country and authority names pages
| show (`ui.tenancy.countries.<code>`, `ui.tenancy.authorities.<code>`,
| from each adapter's profile).
|
| Countries register while the providers boot, after the i18n provider has
| loaded its translations, so the tax provider reloads them once every
| provider has booted (providers/tax_provider.ts).
|
*/
import app from '@adonisjs/core/services/app'
import { loaders } from '@adonisjs/i18n'
import type { LoaderFactory, Translations } from '@adonisjs/i18n/types'

export function countryTranslations(): LoaderFactory {
  return (config) => ({
    async load(): Promise<Translations> {
      if (!app.container.hasBinding('tax.manager')) return {}
      const manager = await app.container.make('tax.manager')
      const merged: Translations = {}
      const add = (translations: Translations) => {
        for (const [locale, messages] of Object.entries(translations)) {
          merged[locale] = { ...merged[locale], ...messages }
        }
      }
      for (const location of manager.translationFolders()) {
        const factory = await loaders.fs({ location }).resolver(app)
        add(await factory(config).load())
      }
      for (const authority of manager.all()) {
        const { name, authorityName } = authority.profile
        const authorityKey = `ui.tenancy.authorities.${authority.country}`
        add({
          es: {
            [`ui.tenancy.countries.${authority.country}`]: name.es,
            [authorityKey]: authorityName,
          },
          en: {
            [`ui.tenancy.countries.${authority.country}`]: name.en,
            [authorityKey]: authorityName,
          },
        })
      }
      return merged
    },
  })
}
