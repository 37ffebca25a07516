/*
|--------------------------------------------------------------------------
| Ecuador: who a signing certificate belongs to
|--------------------------------------------------------------------------
|
| Ecuadorian CAs state the holder's RUC and cédula in different places
| (their own extension arcs, subjectAltName otherNames, the subject's
| organizationIdentifier, serialNumber, UID or CN). The certificates module
| asks the adapter (`SriAuthority.certificateHolder`) whether an uploaded
| certificate belongs to the company; the cédula check is the one of
| `identification.ts`.
|
*/
import { readOtherFields } from '#adapters/core/pkcs12'
import type { ParsedCertificate } from '#adapters/core/types'
import { validateCedula } from '#adapters/ecuador_sri/identification'

/** Field arcs of Ecuadorian CAs (legacy profile). The suffix says which field. */
export const ECUADOR_CA_FIELD_ARCS: Record<string, string> = {
  '1.3.6.1.4.1.37947.3': 'Banco Central del Ecuador',
  '1.3.6.1.4.1.37746.3': 'Security Data',
  '1.3.6.1.4.1.18332.3': 'ANF AC',
  '1.3.6.1.4.1.37442.3': 'ANF AC',
  '1.3.6.1.4.1.47286.102.3': 'Uanataca',
  '1.3.6.1.4.1.57153.102.3': 'Eclipsoft',
  '1.3.6.1.4.1.43745.1.3': 'Consejo de la Judicatura',
  '1.3.6.1.4.1.59382.3': 'Lazzate',
  '1.3.6.1.4.1.52643.3': 'Datil',
  '1.3.6.1.4.1.59198.3': 'ArgosData',
  '1.3.6.1.4.1.61305.3': 'FirmaSegura',
}

/** Digercic uses its own suffixes under this arc: .1 cédula, .4 RUC. */
const DIGERCIC_ARC = '1.3.6.1.4.1.55519.1.1.1.5.2'

export interface TaxpayerIdCandidate {
  value: string
  kind: 'ruc' | 'cedula'
  /** Where it was found: "extension 1.3.6.1.4.1.37947.3.11", "subject organizationIdentifier"… */
  source: string
}

/**
 * Collects every RUC and cédula a certificate states about its holder:
 * CA extensions, subjectAltName otherNames, subject organizationIdentifier,
 * serialNumber, UID and CN (the last three only when the number passes the
 * cédula check digit or looks like a RUC). Duplicates are removed.
 */
export function findTaxpayerIds(cert: ParsedCertificate): TaxpayerIdCandidate[] {
  const found: TaxpayerIdCandidate[] = []
  const add = (raw: string, source: string, hint?: 'ruc' | 'cedula') => {
    const value = stripIdPrefix(raw)
    if (!/^\d{10}(\d{3})?$/.test(value)) return
    const kind = value.length === 13 ? 'ruc' : 'cedula'
    if (hint === 'cedula' && kind !== 'cedula') return
    if (!hint && kind === 'cedula' && !isPersonalCedula(value)) return
    if (!found.some((c) => c.value === value && c.kind === kind))
      found.push({ value, kind, source })
  }

  const isCaField = (extensionOid: string) => classifyArcField(extensionOid) !== undefined
  for (const { oid, value } of readOtherFields(cert, isCaField)) {
    const field = classifyArcField(oid)
    if (field === 'ruc') add(value, `${oid}`, 'ruc')
    if (field === 'cedula') add(value, `${oid}`, 'cedula')
  }
  for (const attr of cert.subject) {
    if (attr.oid === '2.5.4.97') add(attr.value, 'subject organizationIdentifier', 'ruc')
    // serialNumber, UID and CN are only trusted when the number checks out (see above).
    if (attr.oid === '2.5.4.5') add(attr.value, 'subject serialNumber')
    if (attr.oid === '0.9.2342.19200300.100.1.1') add(attr.value, 'subject UID')
    if (attr.oid === '2.5.4.3') {
      for (const match of attr.value.match(/\d{13}|\d{10}/g) ?? []) add(match, 'subject CN')
    }
  }
  return found
}

/**
 * Does the certificate belong to the taxpayer with this RUC? For a
 * natural-person RUC (third digit below 6) the certificate may state the
 * RUC or the cédula it starts with; for companies and public bodies only
 * the RUC proves it (a cédula never does).
 */
export function certificateMatchesTaxId(
  cert: ParsedCertificate,
  ruc: string
): { matches: boolean; candidates: TaxpayerIdCandidate[] } {
  const candidates = findTaxpayerIds(cert)
  const naturalPerson = /^\d{13}$/.test(ruc) && Number(ruc[2]) < 6
  const matches = candidates.some(
    (c) =>
      (c.kind === 'ruc' && c.value === ruc) ||
      (naturalPerson && c.kind === 'cedula' && c.value === ruc.slice(0, 10))
  )
  return { matches, candidates }
}

function classifyArcField(oid: string): 'ruc' | 'cedula' | 'other' | undefined {
  if (oid.startsWith(`${DIGERCIC_ARC}.`)) {
    const suffix = oid.slice(DIGERCIC_ARC.length + 1)
    return suffix === '4' ? 'ruc' : suffix === '1' ? 'cedula' : 'other'
  }
  for (const arc of Object.keys(ECUADOR_CA_FIELD_ARCS)) {
    if (oid.startsWith(`${arc}.`)) {
      const suffix = oid.slice(arc.length + 1)
      return suffix === '11' ? 'ruc' : suffix === '1' ? 'cedula' : 'other'
    }
  }
  return undefined
}

/** "IDCEC-0912345678", "VATEC-0990012345001", "TINEC-…" → the digits. */
function stripIdPrefix(value: string): string {
  return value.trim().replace(/^[A-Z]{3}[A-Z]{2}-/, '')
}

/**
 * A natural person's cédula (third digit below 6) that passes the módulo-10
 * check: only then is a bare number in serialNumber, UID or CN trusted.
 */
function isPersonalCedula(value: string): boolean {
  return validateCedula(value).length === 0 && Number(value[2]) < 6
}
