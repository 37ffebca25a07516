import type { HttpContext } from '@adonisjs/core/http'
import i18nManager from '@adonisjs/i18n/services/main'
import vine from '@vinejs/vine'

const localeValidator = vine.compile(
  vine.object({
    locale: vine.string().in(['es', 'en']),
  })
)

/**
 * The language switch: remembers the chosen language in the session and
 * returns to the page the user was on.
 */
export default class LocaleController {
  async update({ request, session, response }: HttpContext) {
    const { locale } = await request.validateUsing(localeValidator)
    if (i18nManager.supportedLocales().includes(locale)) {
      session.put('locale', locale)
    }
    return response.redirect().back()
  }
}
