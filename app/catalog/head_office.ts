import tax from '#adapters/core/services/tax'
import { audit } from '#accounts/audit/audit_service'
import { CompanySetup, type NewCompany } from '#accounts/registration_hooks'
import Establishment from '#catalog/models/establishment'
import EmissionPoint from '#catalog/models/emission_point'
import { emissionPointCodeFormat, establishmentCodeFormat } from '#catalog/country_rules'

/**
 * The head office at the address given at sign-up, with its first emission
 * point: the country's first codes (001-001; a sucursal 0000 with punto 001
 * where the adapter says so), so the company can issue test documents
 * without visiting the establishments page first. Both audited.
 */
export class CreateHeadOffice extends CompanySetup {
  async created({ tenant, address, userId, actor, trx }: NewCompany) {
    const rules = tax.use(tenant.country)
    const headOffice = await Establishment.create(
      { code: establishmentCodeFormat(rules).first, name: null, address, isActive: true },
      { client: trx }
    )
    const point = await EmissionPoint.create(
      {
        establishmentId: headOffice.id,
        code: emissionPointCodeFormat(rules).first,
        isActive: true,
      },
      { client: trx }
    )
    const context = { tenantId: tenant.id, userId, client: trx }
    await audit.record(actor, 'establishment.created', {
      ...context,
      entity: 'establishment',
      entityId: headOffice.id,
      after: { code: headOffice.code, address: headOffice.address },
    })
    await audit.record(actor, 'emission_point.created', {
      ...context,
      entity: 'emission_point',
      entityId: point.id,
      after: { code: point.code, establishmentId: headOffice.id },
    })
  }
}
