/*
|--------------------------------------------------------------------------
| Before producción: what SRI's offline scheme requires of an issuer
|--------------------------------------------------------------------------
|
| A comprobante sent to producción is a legal document from its first
| number, so the company proves first that it can issue one that SRI will
| authorize:
|   - a signing certificate that is valid, and not about to lapse (7 days:
|     a week to renew it before invoices stop);
|   - issued by an entity accredited in Ecuador (a self-signed or a CA's own
|     certificate is refused by SRI with error 39 "firma inválida");
|   - naming the company's RUC (or, for a natural person, the cédula the RUC
|     begins with): SRI checks the signer against the issuer;
|   - at least one establishment with an emission point, numbered from the
|     sequential SRI expects next in producción.
|
*/
import type { LocalizedText, ProductionFacts, ReadinessCheck } from '#adapters/core/types'

const DAY = 86_400_000
/** Days a certificate must still be valid on the day the company goes to producción. */
export const CERTIFICATE_MARGIN_DAYS = 7

function check(
  code: string,
  ok: boolean,
  label: LocalizedText,
  detail: LocalizedText | undefined,
  fix: ReadinessCheck['fix']
): ReadinessCheck {
  return { code, ok, label, ...(detail ? { detail } : {}), fix }
}

function dateOf(value: Date) {
  return value.toISOString().slice(0, 10)
}

/** The RUC a certificate must name: itself, or the cédula a natural person's RUC starts with. */
function namesRuc(holderTaxId: string, ruc: string) {
  const naturalPerson = /^\d{13}$/.test(ruc) && Number(ruc[2]) < 6
  return holderTaxId === ruc || (naturalPerson && holderTaxId === ruc.slice(0, 10))
}

export function sriProductionChecks(facts: ProductionFacts): ReadinessCheck[] {
  const certificate = facts.certificate
  const margin = new Date(facts.now.getTime() + CERTIFICATE_MARGIN_DAYS * DAY)
  const ruc = facts.identity.taxId

  const valid = !!certificate && certificate.validTo.getTime() > margin.getTime()
  const points = facts.establishments.flatMap((establishment) =>
    establishment.points.map((point) => ({ ...point, establishment: establishment.code }))
  )

  return [
    check(
      'certificate_valid',
      valid,
      {
        es: `Certificado de firma vigente por más de ${CERTIFICATE_MARGIN_DAYS} días`,
        en: `Signing certificate valid for more than ${CERTIFICATE_MARGIN_DAYS} days`,
      },
      !certificate
        ? { es: 'No hay certificado de firma.', en: 'There is no signing certificate.' }
        : valid
          ? {
              es: `Vence el ${dateOf(certificate.validTo)}.`,
              en: `Expires on ${dateOf(certificate.validTo)}.`,
            }
          : {
              es: `Vence el ${dateOf(certificate.validTo)}: renuévalo antes de pasar a producción.`,
              en: `Expires on ${dateOf(certificate.validTo)}: renew it before going to production.`,
            },
      'credentials'
    ),
    check(
      'certificate_accredited',
      !!certificate && certificate.accredited,
      {
        es: 'Certificado emitido por una entidad acreditada',
        en: 'Certificate issued by an accredited entity',
      },
      certificate && !certificate.accredited
        ? {
            es: 'El certificado no lo emitió una entidad de certificación acreditada; el SRI rechazará la firma.',
            en: 'The certificate was not issued by an accredited certification entity; the SRI will refuse the signature.',
          }
        : undefined,
      'credentials'
    ),
    check(
      'certificate_matches_tax_id',
      !!certificate?.holderTaxId && namesRuc(certificate.holderTaxId, ruc),
      { es: 'El RUC coincide con el del certificado', en: 'The RUC matches the certificate' },
      certificate && !(certificate.holderTaxId && namesRuc(certificate.holderTaxId, ruc))
        ? {
            es: `El certificado es de ${certificate.holderTaxId ?? 'otro titular'}, no del RUC ${ruc}.`,
            en: `The certificate belongs to ${certificate.holderTaxId ?? 'another holder'}, not to RUC ${ruc}.`,
          }
        : undefined,
      'credentials'
    ),
    check(
      'emission_point',
      points.length > 0,
      {
        es: 'Un establecimiento con su punto de emisión y secuencial inicial',
        en: 'An establishment with its emission point and starting number',
      },
      points.length > 0
        ? {
            es: points
              .map((p) => `${p.establishment}-${p.code}: siguiente ${p.nextInvoiceNumber}`)
              .join(', '),
            en: points
              .map((p) => `${p.establishment}-${p.code}: next ${p.nextInvoiceNumber}`)
              .join(', '),
          }
        : {
            es: 'No hay ningún establecimiento activo con un punto de emisión activo.',
            en: 'There is no active establishment with an active emission point.',
          },
      'establishments'
    ),
  ]
}
