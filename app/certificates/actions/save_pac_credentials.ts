import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import tax from '#adapters/core/services/tax'
import { audit, type AuditActor } from '#accounts/audit/audit_service'
import type Tenant from '#tenancy/models/tenant'
import type { AuthorityEnvironment } from '#tenancy/models/tenant'
import PacCredential from '#certificates/models/pac_credential'
import VaultSecret from '#certificates/models/vault_secret'
import { storeSecret } from '#certificates/vault/secrets'
import { pacPurpose, type PacTokens } from '#certificates/pac/pac_tokens'
import { CertificateUploadException } from '#certificates/errors'

/**
 * Stores (or replaces) the PAC tokens of a company whose country's PAC
 * signs for it (credential kind `pac_tokens`) for one environment:
 * both tokens sealed together as one vault secret, the previous secret
 * destroyed, one audit row (without the tokens).
 */
export default class SavePacCredentials {
  async handle(
    actor: HttpContext | AuditActor,
    tenant: Tenant,
    environment: AuthorityEnvironment,
    tokens: PacTokens,
    userId: number | null = null
  ) {
    if (tax.use(tenant.country).profile.credential !== 'pac_tokens') {
      throw new CertificateUploadException('not_pac_country')
    }
    return db.transaction(async (trx) => {
      await trx.from('tenants').where('id', tenant.id).forUpdate().select('id')
      const secret = await storeSecret(
        tenant.id,
        pacPurpose(environment),
        JSON.stringify({ tokenEmpresa: tokens.tokenEmpresa, tokenPassword: tokens.tokenPassword }),
        trx
      )
      const existing = await PacCredential.query({ client: trx })
        .where('tenant_id', tenant.id)
        .where('environment', environment)
        .first()
      const previousSecretId = existing?.secretId
      const row = existing ?? new PacCredential()
      row.useTransaction(trx)
      row.merge({ tenantId: tenant.id, environment, secretId: secret.id, updatedByUserId: userId })
      await row.save()
      if (previousSecretId) {
        await VaultSecret.query({ client: trx })
          .where('tenant_id', tenant.id)
          .where('id', previousSecretId)
          .delete()
      }
      await audit.record(actor, 'pac.credentials_saved', {
        tenantId: tenant.id,
        entity: 'pac_credentials',
        entityId: row.id,
        after: { environment, replaced: Boolean(existing) },
        client: trx,
      })
      return row
    })
  }
}
