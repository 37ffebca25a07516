import logger from '@adonisjs/core/services/logger'
import env from '#start/env'
import Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import { createTestP12 } from '#adapters/core/testing/certificates'
import Certificate from '#certificates/models/certificate'
import PacCredential from '#certificates/models/pac_credential'
import UploadCertificate from '#certificates/actions/upload_certificate'
import SavePacCredentials from '#certificates/actions/save_pac_credentials'

/**
 * Demo signing credentials: a generated certificate for the Ecuador demo
 * company (issued by Facturo's test CA, accepted by the local SRI
 * simulator, never by SRI) and made-up PAC tokens for the Panama one.
 * Idempotent: a company that already has them is left alone, so a
 * certificate uploaded by hand survives `npm start`.
 */
export async function seedDemoCertificates() {
  if (!env.get('VAULT_MASTER_KEY')) {
    logger.warn('VAULT_MASTER_KEY is not set: demo certificate and PAC tokens not seeded')
    return
  }

  const andes = await Tenant.findBy('slug', 'los-andes')
  if (andes) {
    await tenantContext.run(andes, async () => {
      const current = await Certificate.query().where('is_current', true).first()
      // A demo certificate that ran out (a long-lived dev database) is renewed.
      if (current && current.validTo.toMillis() > Date.now()) return
      const demo = createTestP12({
        signer: {
          keySlot: 'demo-los-andes',
          commonName: 'ANDRES QUISHPE',
          ruc: andes.taxId,
          cedula: '1710034065',
          identityIn: 'extension',
        },
      })
      await new UploadCertificate().handle({ tenantId: andes.id }, andes, {
        bytes: demo.p12,
        password: demo.password,
        fileName: 'demo-los-andes.p12',
      })
    })
  }

  const istmo = await Tenant.findBy('slug', 'istmo')
  if (istmo) {
    await tenantContext.run(istmo, async () => {
      const existing = await PacCredential.query().where('environment', 'test').first()
      if (existing) return
      await new SavePacCredentials().handle({ tenantId: istmo.id }, istmo, 'test', {
        tokenEmpresa: 'demo-istmo-token-empresa',
        tokenPassword: 'demo-istmo-token-password',
      })
    })
  }
}
