/*
|--------------------------------------------------------------------------
| Is the company ready for production?
|--------------------------------------------------------------------------
|
| The facts are Facturo's (the current certificate, the active emission
| points and their production numbering, the production credentials); the
| rules are the country's (`TaxAuthority.productionChecks`). Runs inside the
| company's context.
|
*/
import tax from '#adapters/core/services/tax'
import type { ProductionFacts, ReadinessCheck } from '#adapters/core/types'
import Certificate from '#certificates/models/certificate'
import { issuerContextFor } from '#certificates/issuer_context'
import { activePoints } from '#catalog/points'
import NumberingSequence from '#catalog/models/numbering_sequence'
import type Tenant from '#tenancy/models/tenant'

export async function productionFacts(tenant: Tenant, now = new Date()): Promise<ProductionFacts> {
  const certificate = await Certificate.query().where('is_current', true).first()
  const points = await activePoints()
  const sequences = await NumberingSequence.query()
    .where('environment', 'production')
    .where('document_type', 'invoice')
  const lastOf = new Map(sequences.map((row) => [row.emissionPointId, row.lastNumber]))

  const establishments = new Map<string, ProductionFacts['establishments'][number]>()
  for (const point of points) {
    const code = point.establishment.code
    if (!establishments.has(code)) establishments.set(code, { code, points: [] })
    establishments
      .get(code)!
      .points.push({ code: point.code, nextInvoiceNumber: (lastOf.get(point.id) ?? 0) + 1 })
  }

  // The issuer as it would be in production: the production PAC tokens, not the test ones.
  const production = await issuerContextFor(tenant, { environment: 'production' })

  return {
    identity: production.identity,
    certificate: certificate
      ? {
          holderTaxId: certificate.holderTaxId,
          validTo: certificate.validTo.toJSDate(),
          accredited: certificate.notAccreditedReason === null,
        }
      : null,
    establishments: [...establishments.values()],
    production,
    now,
  }
}

/** The country's pre-flight list for the company, every rule judged. */
export async function productionChecks(
  tenant: Tenant,
  now = new Date()
): Promise<ReadinessCheck[]> {
  if (!tax.has(tenant.country)) return []
  return tax.use(tenant.country).productionChecks(await productionFacts(tenant, now))
}
