import router from '@adonisjs/core/services/router'
import type { TaxpayerQuery } from '#adapters/core/types'
import tax from '#adapters/core/services/tax'
import type Tenant from '#tenancy/models/tenant'
import { issuerContextFor } from '#certificates/issuer_context'
import { lookupTaxpayer, type TaxpayerLookupDto } from '#core/taxpayer_lookup'
import type { I18n } from '@adonisjs/i18n'

/**
 * The customer form's "look up" button: what the authority knows of a
 * customer's tax id, asked with the company's own credentials of its
 * current environment (never the platform's: a company that has not loaded
 * its credentials is told so, with the way to the page that loads them when
 * the member may use it).
 */
export default class LookupCustomerTaxpayer {
  async handle(
    tenant: Tenant,
    query: TaxpayerQuery,
    options: { i18n: I18n; mayLoadCredentials: boolean }
  ): Promise<TaxpayerLookupDto> {
    const { i18n } = options
    const issuer = await issuerContextFor(tenant)
    const needsTokens = tax.has(tenant.country)
      ? tax.use(tenant.country).profile.credential === 'pac_tokens'
      : false
    const tokensMissing = needsTokens && !issuer.credentials.tokens
    // Asked even without tokens: the adapter's local check comes first, so a
    // wrong check digit is reported as such; only then is the missing
    // credential the answer (the adapter refuses before any request).
    const result = await lookupTaxpayer(tenant.country, query, issuer, i18n)
    if (tokensMissing && result.status === 'refused') {
      return {
        status: 'credentials_missing',
        message: i18n.t('taxpayer_lookup.credentials_missing'),
        credentialsUrl: options.mayLoadCredentials
          ? router.makeUrl('app.certificates.index')
          : null,
      }
    }
    return result
  }
}
