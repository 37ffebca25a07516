import app from '@adonisjs/core/services/app'
import { defineConfig, formatters, loaders } from '@adonisjs/i18n'
import { countryTranslations } from '#adapters/core/i18n_loader'

/**
 * Spanish first; English available. Translations live in resources/lang,
 * and a country adapter's own in its folder.
 */
const i18nConfig = defineConfig({
  defaultLocale: 'es',
  supportedLocales: ['es', 'en'],
  fallbackLocales: { en: 'es' },
  formatter: formatters.icu(),
  loaders: [
    loaders.fs({
      location: app.languageFilesPath(),
    }),
    // Each registered country adapter's own translations (its authority's codes, its name).
    countryTranslations(),
  ],
})

export default i18nConfig
