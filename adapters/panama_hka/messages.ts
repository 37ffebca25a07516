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

  // Documents (validation.ts): what HKA's Enviar needs before anything is numbered
  'tax.pa.document.type': {
    es: 'Panamá emite facturas y notas de crédito; «{value}» no es un tipo de documento admitido.',
    en: 'Panama issues invoices and credit notes; "{value}" is not a supported document type.',
  },
  'tax.pa.document.currency': {
    es: 'Los documentos de Panamá se emiten en dólares (USD, a la par del balboa), no en {value}.',
    en: 'Panama documents are issued in US dollars (USD, at par with the balboa), not in {value}.',
  },
  'tax.pa.document.issue_date': {
    es: 'La fecha de emisión «{value}» no es una fecha válida (AAAA-MM-DD).',
    en: 'The issue date "{value}" is not a valid date (YYYY-MM-DD).',
  },
  'tax.pa.document.number': {
    es: 'El número del documento fiscal debe ser un entero de 1 a 9999999999 (10 dígitos).',
    en: 'The fiscal document number must be a whole number from 1 to 9999999999 (10 digits).',
  },
  'tax.pa.document.tip': {
    es: 'Los documentos de Panamá no llevan propina; déjela en 0.',
    en: 'Panama documents carry no tip; leave it at 0.',
  },
  'tax.pa.document.information_length': {
    es: 'La información adicional supera {max} caracteres; se enviará recortada.',
    en: 'The additional information exceeds {max} characters; it will be sent shortened.',
  },
  'tax.pa.document.setting': {
    es: 'El ajuste «{name}» de la empresa tiene un valor no admitido ({value}); se usa el valor por defecto.',
    en: 'Company setting "{name}" has an unsupported value ({value}); the default is used.',
  },
  'tax.pa.document.malformed': {
    es: 'El documento está incompleto o mal formado.',
    en: 'The document is incomplete or malformed.',
  },

  // The buyer (validation.ts)
  'tax.pa.buyer.name': {
    es: 'Ingrese la razón social o el nombre del cliente ({min} a {max} caracteres).',
    en: "Enter the customer's legal name or full name ({min} to {max} characters).",
  },
  'tax.pa.buyer.address': {
    es: 'Ingrese la dirección del cliente ({min} a {max} caracteres): la DGI la exige para contribuyentes y gobierno.',
    en: "Enter the customer's address ({min} to {max} characters): the DGI requires it for taxpayers and government.",
  },
  'tax.pa.buyer.address_omitted': {
    es: 'La dirección del cliente no tiene entre {min} y {max} caracteres; no se enviará.',
    en: "The customer's address is not {min} to {max} characters long; it will not be sent.",
  },
  'tax.pa.buyer.phone_omitted': {
    es: 'El teléfono «{value}» no tiene un formato que acepte la DGI (999-9999 o 9999-9999); no se enviará.',
    en: 'Phone "{value}" is not in a format the DGI accepts (999-9999 or 9999-9999); it will not be sent.',
  },
  'tax.pa.buyer.email_omitted': {
    es: 'Solo se envían hasta 3 correos válidos de como máximo 50 caracteres; «{value}» no se enviará.',
    en: 'Only up to 3 valid e-mail addresses of at most 50 characters are sent; "{value}" will not be.',
  },

  // Lines (validation.ts)
  'tax.pa.line.required': {
    es: 'Agregue al menos una línea al documento.',
    en: 'Add at least one line to the document.',
  },
  'tax.pa.line.description': {
    es: 'La descripción de la línea debe tener entre {min} y {max} caracteres.',
    en: 'The line description must be {min} to {max} characters long.',
  },
  'tax.pa.line.code': {
    es: 'El código del producto admite como máximo {max} caracteres.',
    en: 'The product code allows at most {max} characters.',
  },
  'tax.pa.line.unit': {
    es: 'La unidad de medida admite como máximo {max} caracteres.',
    en: 'The unit of measure allows at most {max} characters.',
  },
  'tax.pa.line.quantity': {
    es: 'La cantidad debe ser un número mayor que 0 con hasta 6 decimales.',
    en: 'The quantity must be a number above 0 with up to 6 decimals.',
  },
  'tax.pa.line.unit_price': {
    es: 'El precio unitario debe ser un número de 0 en adelante con hasta 6 decimales.',
    en: 'The unit price must be a number from 0 up with up to 6 decimals.',
  },
  'tax.pa.line.discount': {
    es: 'El descuento de la línea debe ser un importe de 0 en adelante con hasta 2 decimales, menor que el valor de la línea.',
    en: 'The line discount must be an amount from 0 up with up to 2 decimals, below the value of the line.',
  },
  'tax.pa.line.tax_category': {
    es: 'La tarifa «{value}» no existe en Panamá; use ITBMS exento, 7 %, 10 % o 15 %.',
    en: 'Rate "{value}" does not exist in Panama; use ITBMS exempt, 7%, 10% or 15%.',
  },
  'tax.pa.line.extra_taxes': {
    es: 'Facturo todavía no envía ISC ni otros impuestos por línea a la DGI; quite ese impuesto de la línea.',
    en: 'Facturo does not send ISC or other per-line taxes to the DGI yet; remove that tax from the line.',
  },
  'tax.pa.line.cpbs': {
    es: 'Las ventas al gobierno necesitan el código CPBS de 4 dígitos de cada línea (detalle adicional «CPBS»).',
    en: 'Sales to the government need the 4-digit CPBS code of every line (additional detail "CPBS").',
  },

  // Payments (validation.ts)
  'tax.pa.payment.required': {
    es: 'Indique la forma de pago.',
    en: 'Give the payment method.',
  },
  'tax.pa.payment.method': {
    es: 'La forma de pago «{value}» no existe en Panamá.',
    en: 'Payment method "{value}" does not exist in Panama.',
  },
  'tax.pa.payment.amount': {
    es: 'El importe de cada pago debe ser mayor que 0, con hasta 2 decimales.',
    en: 'Each payment amount must be above 0, with up to 2 decimals.',
  },
  'tax.pa.payment.term': {
    es: 'El plazo de pago debe ser un número entero de días o meses.',
    en: 'The payment term must be a whole number of days or months.',
  },
  'tax.pa.payment.total': {
    es: 'Los pagos suman {payments} y el total del documento es {total}.',
    en: 'Payments add up to {payments} but the document total is {total}.',
  },
  'tax.pa.payment.default_term': {
    es: 'El pago a crédito no tiene plazo; se informa con vencimiento a {days} días.',
    en: 'The credit payment has no term; it is sent as due in {days} days.',
  },

  // Credit notes (validation.ts)
  'tax.pa.credit_note.reference': {
    es: 'La nota de crédito debe indicar la factura que modifica y el motivo.',
    en: 'The credit note must name the invoice it modifies and the reason.',
  },
  'tax.pa.credit_note.generic': {
    es: 'La factura referida no tiene CUFE: se emite una nota de crédito genérica (06), sin referencia.',
    en: 'The referenced invoice has no CUFE: a generic credit note (06) is issued, without a reference.',
  },
  'tax.pa.credit_note.late': {
    es: 'Han pasado más de {days} días desde la factura; la DGI podría rechazar la nota de crédito.',
    en: 'More than {days} days have passed since the invoice; the DGI may refuse the credit note.',
  },

  // Voiding (panama_authority.ts)
  'tax.pa.void.reason': {
    es: 'Indique el motivo de la anulación ({min} a {max} caracteres).',
    en: 'Give the reason for voiding ({min} to {max} characters).',
  },
  'tax.pa.document.key': {
    es: 'El documento no tiene los datos con que HKA lo identifica (sucursal, punto, número o CUFE).',
    en: 'The document lacks the data HKA knows it by (branch, point, number or CUFE).',
  },

  // PAC credentials (panama_authority.ts)
  'tax.pa.pac.tokens_missing': {
    es: 'Cargue los tokens del PAC (tokenEmpresa y tokenPassword) del ambiente {environment} antes de emitir.',
    en: 'Load the PAC tokens (tokenEmpresa and tokenPassword) for the {environment} environment before issuing.',
  },
  'tax.pa.pac.lookup_unconfigured': {
    es: 'La consulta de RUC ante el PAC no está configurada en esta instalación; el RUC y su DV se validaron solo localmente.',
    en: 'RUC lookups with the PAC are not configured on this installation; the RUC and its DV were checked locally only.',
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
