/*
|--------------------------------------------------------------------------
| Panama: the country as Facturo registers it
|--------------------------------------------------------------------------
|
| Panama is a registered country like any other: its catalog rules
| (customer types and RUC/DV checks, ITBMS categories, sucursal and punto de
| facturación formats) and its profile come from here. The HKA transport
| (a PAC that signs and submits for the company) is not built yet, so the
| adapter says `issuing: false`: the app refuses to issue with a message
| saying so, and every pipeline step throws E_TAX_UNSUPPORTED should
| anything call it anyway. No fake transport answers in its place.
|
*/
import { TaxUnsupportedError } from '#adapters/core/errors'
import { TaxAuthority } from '#adapters/core/tax_authority'
import type {
  BuiltDocument,
  Capabilities,
  CountryProfile,
  DocumentRef,
  SignedDocument,
  StatusResult,
  SubmitResult,
  TaxCategory,
  ValidationIssue,
} from '#adapters/core/types'
import { panamaCountryData } from '#adapters/panama_hka/country_data'
import type { PanamaCustomerType } from '#adapters/panama_hka/identification'

function notYet(step: string): never {
  throw new TaxUnsupportedError(`PA: ${step} is not available until the HKA transport exists`, {
    messages: {
      es: 'La emisión para Panamá aún no está disponible.',
      en: 'Issuing for Panama is not available yet.',
    },
    i18nKey: 'tax.errors.issuing_unavailable',
  })
}

export class PanamaAuthority extends TaxAuthority {
  readonly country = 'PA'
  readonly capabilities: Capabilities = {
    issuing: false,
    // The PAC (The Factory HKA) signs and answers synchronously.
    signing: 'remote',
    authorization: 'sync',
    voiding: true,
    documentTypes: ['invoice', 'credit_note'],
  }
  readonly profile: CountryProfile = {
    name: { es: 'Panamá', en: 'Panama' },
    authorityName: 'DGI',
    // The balboa is at par with the US dollar, which circulates as legal tender; documents are in USD.
    currency: { code: 'USD', locale: 'es-PA' },
    // UTC−5 all year, no daylight saving.
    timeZone: 'America/Panama',
    credential: 'pac_tokens',
    environments: [
      { code: 'test', label: { es: 'Demo (pruebas)', en: 'Demo (testing)' } },
      { code: 'production', label: { es: 'Producción', en: 'Production' } },
    ],
    voiding: {
      by: 'authority',
      explanation: {
        es: 'La DGI permite anular un documento autorizado dentro de su plazo.',
        en: 'The DGI lets an authorized document be voided within its deadline.',
      },
    },
    fileNames: { invoice: 'factura', credit_note: 'nota-credito' },
    draftFileName: 'borrador',
    // formaPagoFact 02 efectivo first; an added payment starts as 08, transfer.
    defaults: { taxCategory: 'itbms_7', paymentMethod: '02', addedPaymentMethod: '08' },
    taxId: {
      checkDigits: true,
      example: '155596713-2-2015',
      hint: {
        es: 'Como aparece en tu constancia, por ejemplo 155596713-2-2015; el DV va aparte.',
        en: 'As shown on your RUC certificate, e.g. 155596713-2-2015; the DV goes apart.',
      },
      numeric: false,
    },
  }

  readonly establishmentCode = panamaCountryData.establishmentCode
  readonly emissionPointCode = panamaCountryData.emissionPointCode

  identificationTypes(): PanamaCustomerType[] {
    return panamaCountryData.identificationTypes()
  }

  validateIdentification(type: string, number: string, dv?: string | null): ValidationIssue[] {
    return panamaCountryData.validateIdentification(type, number, dv)
  }

  taxCategories(): TaxCategory[] {
    return panamaCountryData.taxCategories()
  }

  paymentMethods() {
    return panamaCountryData.paymentMethods()
  }

  validateCustomer = panamaCountryData.validateCustomer
  validateTaxId = panamaCountryData.validateTaxId
  taxpayerTypes = panamaCountryData.taxpayerTypes
  foreignIdentificationTypes = panamaCountryData.foreignIdentificationTypes

  async validate(): Promise<ValidationIssue[]> {
    return notYet('validate')
  }

  async buildDocument(): Promise<BuiltDocument> {
    return notYet('buildDocument')
  }

  async sign(): Promise<SignedDocument> {
    return notYet('sign')
  }

  async submit(): Promise<SubmitResult> {
    return notYet('submit')
  }

  async checkStatus(_ref: DocumentRef): Promise<StatusResult> {
    return notYet('checkStatus')
  }

  async close() {}
}
