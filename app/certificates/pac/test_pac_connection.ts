import tax from '#adapters/core/services/tax'
import { TaxError } from '#adapters/core/errors'
import type { LocalizedText } from '#adapters/core/types'
import type Tenant from '#tenancy/models/tenant'
import type { AuthorityEnvironment } from '#tenancy/models/tenant'
import type { PacTokens } from '#certificates/pac/pac_tokens'

/**
 * What the "test connection" button shows.
 * - `unavailable`: the country's adapter offers no quota service to ask;
 * - `ok`: the PAC accepted the tokens: folios left and the licence dates;
 * - `rejected`: the PAC refused the tokens, with its message;
 * - `unreachable`: the PAC did not answer.
 */
export type PacConnectionResult =
  | { status: 'unavailable' }
  | {
      status: 'ok'
      foliosRestantes: number
      licence: { from: string | null; to: string | null }
    }
  | { status: 'rejected'; message: LocalizedText }
  | { status: 'unreachable'; message: LocalizedText }

/**
 * Checks a company's PAC tokens with its country's adapter: the quota
 * service (HKA FoliosRestantes) with these tokens and this environment,
 * before any document is issued with them.
 */
export async function testPacConnection(
  tenant: Tenant,
  tokens: PacTokens,
  environment: AuthorityEnvironment
): Promise<PacConnectionResult> {
  const authority = tax.use(tenant.country)
  if (!authority.capabilities.services?.includes('quota')) return { status: 'unavailable' }
  try {
    const result = await authority.quota({
      identity: {
        taxId: tenant.taxId,
        taxIdCheckDigits: tenant.taxIdDv ?? undefined,
        legalName: tenant.legalName,
        headOfficeAddress: tenant.address,
        accountingObligated: false,
      },
      environment,
      credentials: { tokens: { ...tokens } },
    })
    if (result.status === 'ok') {
      return {
        status: 'ok',
        foliosRestantes: result.available ?? 0,
        licence: { from: result.licence?.from ?? null, to: result.licence?.to ?? null },
      }
    }
    const refusal = result.messages.find((message) => message.severity === 'error')
    const text = refusal ? `${refusal.code} ${refusal.text}`.trim() : result.raw.slice(0, 200)
    return { status: 'rejected', message: { es: text, en: text } }
  } catch (error) {
    if (!(error instanceof TaxError)) throw error
    return { status: error.retryable ? 'unreachable' : 'rejected', message: error.messages }
  }
}
