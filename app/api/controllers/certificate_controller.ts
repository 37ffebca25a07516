import type { HttpContext } from '@adonisjs/core/http'
import tax from '#adapters/core/services/tax'
import Certificate from '#certificates/models/certificate'
import PacCredential from '#certificates/models/pac_credential'
import { toCertificateDto } from '#certificates/dtos/certificate_dto'

/**
 * Whether the company can sign and send: the credential its country asks
 * for (`certificate`, `pac_tokens` or `none`) and its state. Never a
 * secret: dates, holder and fingerprint only.
 */
export default class ApiCertificateController {
  async show({ tenant }: HttpContext) {
    const credential = tax.use(tenant!.country).profile.credential
    const current = await Certificate.query().where('is_current', true).first()
    const dto = current ? toCertificateDto(current) : null
    const pac = await PacCredential.query().select('environment')
    return {
      data: {
        credential,
        environment: tenant!.authorityEnvironment,
        certificate: dto && {
          status: dto.status,
          holderName: dto.holderName,
          holderTaxId: dto.holderTaxId,
          issuerName: dto.issuerName,
          serialHex: dto.serialHex,
          fingerprint: dto.fingerprint,
          validFrom: dto.validFrom,
          validTo: dto.validTo,
          daysLeft: dto.daysLeft,
        },
        pacEnvironments: pac.map((row) => row.environment).sort(),
      },
    }
  }
}
