import type { HttpContext } from '@adonisjs/core/http'
import tax from '#adapters/core/services/tax'
import PacCredential from '#certificates/models/pac_credential'
import SavePacCredentials from '#certificates/actions/save_pac_credentials'
import { loadPacTokens } from '#certificates/pac/pac_tokens'
import { testPacConnection } from '#certificates/pac/test_pac_connection'
import { quotaSummary } from '#certificates/quota/quota_summary'
import { toPacCredentialDtos, type PacConnectionTestDto } from '#certificates/dtos/certificate_dto'
import {
  CertificatesMessagesProvider,
  environmentValidator,
  errorsByField,
  pacCredentialsValidator,
} from '#certificates/validators'
import { ForbiddenException } from '#accounts/errors'
import { hasPermission } from '#accounts/abilities'

/** Refuses a company whose country uses no PAC tokens. */
function ensurePacCountry(country: string) {
  if (tax.use(country).profile.credential !== 'pac_tokens') {
    throw new ForbiddenException('This company does not use PAC credentials')
  }
}

/**
 * PAC credentials (token empresa + token password per environment), for a
 * company whose country's PAC signs for it (credential kind `pac_tokens`).
 * The page has no address of its own: the certificates address shows it
 * to such a company. Pages learn only whether tokens are set, never their
 * values.
 */
export default class PacCredentialsController {
  async index({ inertia, tenant, session, i18n, bouncer }: HttpContext) {
    const rows = await PacCredential.query().preload('updatedBy')
    const offersEmail = tax.use(tenant!.country).capabilities.services?.includes('document_email')
    return inertia.render('certificates/pac', {
      /** Who e-mails customers, where the authority can; null when it cannot. */
      customerEmail: offersEmail
        ? {
            delivery: tenant!.customerEmailDelivery,
            canChange: await bouncer.allows(hasPermission, 'settings.manage'),
          }
        : null,
      credentials: toPacCredentialDtos(rows),
      currentEnvironment: tenant!.authorityEnvironment,
      quota: await quotaSummary(tenant!, i18n.locale),
      connectionTest:
        (session.flashMessages.get('pacTest') as PacConnectionTestDto | undefined) ?? null,
    })
  }

  async update(ctx: HttpContext) {
    const { request, session, response, i18n, tenant, auth, params } = ctx
    ensurePacCountry(tenant!.country)
    const { environment } = await environmentValidator.validate(params)
    let tokens
    try {
      tokens = await request.validateUsing(pacCredentialsValidator, {
        messagesProvider: new CertificatesMessagesProvider(i18n),
      })
    } catch (error) {
      const fields = errorsByField(error)
      if (!fields) throw error
      // Named per environment, so the message lands under the right form.
      session.flashErrors(
        Object.fromEntries(
          Object.entries(fields).map(([key, text]) => [`${environment}.${key}`, text])
        )
      )
      return response.redirect().back()
    }
    await new SavePacCredentials().handle(ctx, tenant!, environment, tokens, auth.user?.id ?? null)
    session.flash('success', i18n.t(`certificates.pac.saved_${environment}`))
    return response.redirect().toRoute('app.certificates.index')
  }

  async test(ctx: HttpContext) {
    const { session, response, i18n, tenant, params } = ctx
    ensurePacCountry(tenant!.country)
    const { environment } = await environmentValidator.validate(params)
    const tokens = await loadPacTokens(tenant!.id, environment)
    if (!tokens) {
      session.flash('pacTest', {
        environment,
        status: 'missing',
        message: i18n.t('certificates.pac.test.missing'),
      })
      return response.redirect().toRoute('app.certificates.index')
    }
    const result = await testPacConnection(tenant!, tokens, environment)
    const lang = i18n.locale === 'en' ? 'en' : 'es'
    const message =
      result.status === 'ok'
        ? i18n.t('certificates.pac.test.ok', {
            folios: result.foliosRestantes,
            from: result.licence.from ?? '—',
            to: result.licence.to ?? '—',
          })
        : result.status === 'unavailable'
          ? i18n.t('certificates.pac.test.unavailable')
          : i18n.t(`certificates.pac.test.${result.status}`, { message: result.message[lang] })
    session.flash('pacTest', { environment, status: result.status, message })
    return response.redirect().toRoute('app.certificates.index')
  }
}
