/*
|--------------------------------------------------------------------------
| Panama: validation messages
|--------------------------------------------------------------------------
|
| Every issue the Panama modules report, keyed by its i18n code, in Spanish
| and English. Kept in one place so the catalog can be mirrored into
| `resources/lang/{es,en}/tax.json` (the keys already follow the `tax.*`
| namespace) and so no message text is scattered through the algorithms.
|
| `{name}` placeholders are filled from the issue's `params`, which travel
| with the issue so a caller can re-translate it.
|
*/
import type { LocalizedText, ValidationIssue } from '#adapters/core/types'

export const PANAMA_MESSAGES = {
  // RUC and DV (ruc.ts)
  'tax.pa.ruc.required': {
    es: 'Ingrese el RUC.',
    en: 'Enter the RUC.',
  },
  'tax.pa.ruc.too_long': {
    es: 'El RUC admite como máximo {max} caracteres.',
    en: 'The RUC allows at most {max} characters.',
  },
  'tax.pa.ruc.format': {
    es: 'El RUC «{value}» no tiene un formato válido (ej.: 8-123-456, E-8-12345, 8-NT-1-12345 o 155596713-2-2015).',
    en: 'The RUC "{value}" is not in a valid format (e.g. 8-123-456, E-8-12345, 8-NT-1-12345 or 155596713-2-2015).',
  },
  'tax.pa.ruc.province': {
    es: 'La provincia «{value}» del RUC no existe; use un código del 1 al 13.',
    en: 'Province "{value}" in the RUC does not exist; use a code from 1 to 13.',
  },
  'tax.pa.ruc.not_natural': {
    es: 'El RUC «{value}» no corresponde a una persona natural.',
    en: 'The RUC "{value}" does not belong to a natural person.',
  },
  'tax.pa.ruc.not_juridical': {
    es: 'El RUC «{value}» no corresponde a una persona jurídica.',
    en: 'The RUC "{value}" does not belong to a juridical person.',
  },
  'tax.pa.ruc.check_digit_required': {
    es: 'Ingrese el dígito verificador (DV) del RUC.',
    en: 'Enter the RUC check digits (DV).',
  },
  'tax.pa.ruc.check_digit_format': {
    es: 'El dígito verificador (DV) debe tener exactamente 2 dígitos.',
    en: 'The check digits (DV) must be exactly 2 digits.',
  },
  'tax.pa.ruc.check_digit': {
    es: 'El dígito verificador {dv} no corresponde al RUC {value}.',
    en: 'Check digits {dv} do not match RUC {value}.',
  },
  'tax.pa.ruc.check_digit_unverified': {
    es: 'No es posible verificar localmente el DV de un RUC con el formato «{value}»; confírmelo con la DGI antes de emitir.',
    en: 'The DV of a RUC shaped like "{value}" cannot be verified locally; confirm it with the DGI before issuing.',
  },

  // Customer identification (identification.ts)
  'tax.pa.identification.type': {
    es: 'El tipo de cliente «{value}» no existe; use 01, 02, 03 o 04.',
    en: 'Customer type "{value}" does not exist; use 01, 02, 03 or 04.',
  },
  'tax.pa.identification.taxpayer_type': {
    es: 'Indique si el contribuyente es persona natural (1) o jurídica (2).',
    en: 'State whether the taxpayer is a natural (1) or juridical (2) person.',
  },
  'tax.pa.identification.juridical_final_consumer': {
    es: 'Un RUC jurídico no puede facturarse como consumidor final; use el tipo de cliente 01 (contribuyente).',
    en: 'A juridical RUC cannot be invoiced as a final consumer; use customer type 01 (taxpayer).',
  },
  'tax.pa.identification.foreign_type': {
    es: 'Indique el tipo de identificación del extranjero: 01 pasaporte, 02 número tributario o 99 otro.',
    en: 'Choose the foreign identification type: 01 passport, 02 tax number or 99 other.',
  },
  'tax.pa.identification.foreign_number': {
    es: 'Ingrese el número de identificación del extranjero (máximo {max} caracteres).',
    en: "Enter the foreign customer's identification number (at most {max} characters).",
  },
  'tax.pa.identification.foreign_country': {
    es: 'Ingrese el país que emitió el pasaporte (nombre completo, máximo {max} caracteres).',
    en: 'Enter the country that issued the passport (full name, at most {max} characters).',
  },

  // Establishment and emission point codes (country_data.ts)
  'tax.pa.establishment.format': {
    es: 'El código de sucursal debe tener 4 dígitos: 0000 para la casa matriz, 0001 en adelante para sucursales.',
    en: 'The branch code must be 4 digits: 0000 for the head office, 0001 onwards for branches.',
  },
  'tax.pa.emission_point.format': {
    es: 'El punto de facturación debe tener 3 dígitos, de 001 a 999.',
    en: 'The invoicing point must be 3 digits, from 001 to 999.',
  },

  // CUFE (cufe.ts)
  'tax.pa.cufe.length': {
    es: 'El CUFE debe tener 66 caracteres y tiene {length}.',
    en: 'The CUFE must be 66 characters long and has {length}.',
  },
  'tax.pa.cufe.format': {
    es: 'El CUFE no tiene la estructura de la DGI ({part} inválido: «{value}»).',
    en: 'The CUFE does not follow the DGI layout (invalid {part}: "{value}").',
  },
  'tax.pa.cufe.check_digit': {
    es: 'El dígito de control del CUFE es {found} y debería ser {expected}: el CUFE está alterado o mal copiado.',
    en: 'The CUFE check digit is {found} but should be {expected}: the CUFE was altered or mistyped.',
  },
  'tax.pa.cufe.issuer_ruc': {
    es: 'El RUC o el DV del emisor dentro del CUFE no son válidos.',
    en: "The issuer's RUC or DV inside the CUFE are not valid.",
  },
} satisfies Record<string, LocalizedText>

export type PanamaMessageKey = keyof typeof PANAMA_MESSAGES

type Params = Record<string, string | number>

/** Fills `{name}` placeholders; unknown names stay visible rather than vanishing. */
function interpolate(template: string, params: Params | undefined): string {
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole
  )
}

/** The message of `key` in both languages, with its placeholders filled. */
export function panamaMessage(key: PanamaMessageKey, params?: Params): LocalizedText {
  const text = PANAMA_MESSAGES[key]
  return { es: interpolate(text.es, params), en: interpolate(text.en, params) }
}

/** Builds a ValidationIssue whose code is the message key. */
export function panamaIssue(
  key: PanamaMessageKey,
  field: string,
  options: { severity?: ValidationIssue['severity']; params?: Params } = {}
): ValidationIssue {
  const issue: ValidationIssue = {
    field,
    code: key,
    message: panamaMessage(key, options.params),
    severity: options.severity ?? 'error',
  }
  if (options.params) issue.params = options.params
  return issue
}
