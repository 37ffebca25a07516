/*
|--------------------------------------------------------------------------
| Formulario 104 (IVA): where each sales category goes
|--------------------------------------------------------------------------
|
| The monthly IVA return prints each sales line as a triple of boxes:
| valor bruto · valor neto (bruto less credit notes) · impuesto generado.
| Boxes as printed on the form in force since the 15 % / 5 % rates (2024),
| and as public implementations that fill it read them:
|
|   401 · 411 · 421  ventas locales (excluye activos fijos) gravadas tarifa
|                    diferente de cero (today's 15 %)
|   425 · 435 · 445  ventas locales gravadas tarifa 5 %
|   403 · 413        ventas tarifa 0 % que no dan derecho a crédito tributario
|   405 · 415        ventas tarifa 0 % que dan derecho a crédito tributario
|   431 · 441        transferencias no objeto o exentas de IVA
|
| Which 0 % box applies depends on the buyer and the goods, which the
| invoice does not say, so the accountant decides (the note says so).
| Historic rates (12 %, 14 %, 13 %, 8 %), fixed assets, ICE (declared on
| formulario 105) and IRBPNR are not mapped: the report lists them as such.
|
*/
import type { DeclarationMapping } from '#adapters/core/types'

export const FORM_104: DeclarationMapping = {
  form: { es: 'Formulario 104 (IVA)', en: 'Form 104 (VAT)' },
  boxes: {
    iva_15: { gross: '401', net: '411', tax: '421' },
    iva_5: { gross: '425', net: '435', tax: '445' },
    iva_0: {
      gross: '403 / 405',
      net: '413 / 415',
      note: {
        es: '403 · 413 si la venta no da derecho a crédito tributario; 405 · 415 si lo da. Lo decide el contador.',
        en: '403 · 413 when the sale gives no right to tax credit; 405 · 415 when it does. The accountant decides.',
      },
    },
    iva_no_objeto: { gross: '431', net: '441' },
    iva_exento: { gross: '431', net: '441' },
  },
}
