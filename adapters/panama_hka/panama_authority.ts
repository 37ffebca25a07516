/*
|--------------------------------------------------------------------------
| Panama: the country as Facturo registers it
|--------------------------------------------------------------------------
|
| Panama's catalog rules (customer types and RUC/DV checks, ITBMS
| categories, sucursal and punto de facturación formats) and its profile,
| and the document pipeline through The Factory HKA, a PAC that builds,
| signs and submits for the company:
|
| validate → validation.ts (what Enviar needs, before a number is spent)
| buildDocument → HKA's `documento` (documento/mapper.ts), pure
| sign → no signature of Facturo's (the PAC signs); stamps the issue time
|
*/
import { TaxConfigError, TaxUnsupportedError, TaxValidationError } from '#adapters/core/errors'
import { TaxAuthority } from '#adapters/core/tax_authority'
import type {
  BuiltDocument,
  Capabilities,
  CountryProfile,
  DocumentRef,
  IssuerContext,
  SignedDocument,
  StatusResult,
  SubmitResult,
  TaxCategory,
  TaxDocument,
  ValidationIssue,
} from '#adapters/core/types'
import { findNonXmlCharacter } from '#adapters/core/xml_text'
import { panamaCountryData } from '#adapters/panama_hka/country_data'
import { buildDocumentKey } from '#adapters/panama_hka/document_key'
import { computeDocumento, money } from '#adapters/panama_hka/documento/amounts'
import {
  EMISSION_TYPE_NORMAL,
  documentSettingsFrom,
  fiscalNumber,
  hkaDocumentType,
  mapDocumento,
  stampEmissionTime,
} from '#adapters/panama_hka/documento/mapper'
import { writeDocumento } from '#adapters/panama_hka/documento/xml'
import type { PanamaCustomerType } from '#adapters/panama_hka/identification'
import { panamaIssue } from '#adapters/panama_hka/messages'
import { validatePanamaDocument } from '#adapters/panama_hka/validation'

/** What BuiltDocument.format says of the body. */
export const DOCUMENTO_FORMAT = 'documento HKA v1.0'

/** The adapter's settings, from its environment variables (adapters/panama_hka/config.ts). */
export interface HkaSettings {
  /** Service URL for companies in the test ("demo") environment; HKA's demo service when absent. */
  demoUrl?: string
  /** Service URL for companies in production; HKA's production service when absent. */
  productionUrl?: string
  /** Per SOAP request. */
  timeoutMs?: number
  /** Where the local simulator listens (development). */
  simulatorUrl?: string
}

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
  readonly #settings: HkaSettings

  constructor(settings: HkaSettings = {}) {
    super()
    this.#settings = settings
  }

  /** The settings the adapter was created with. */
  get settings(): Readonly<HkaSettings> {
    return this.#settings
  }

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

  async validate(doc: TaxDocument, issuer: IssuerContext): Promise<ValidationIssue[]> {
    try {
      return validatePanamaDocument(doc, issuer)
    } catch (error) {
      // A shape the validator did not foresee (null where an object goes) is still an issue, not a 500.
      return [
        {
          ...panamaIssue('tax.pa.document.malformed', ''),
          params: { detail: error instanceof Error ? error.message : String(error) },
        },
      ]
    }
  }

  async buildDocument(doc: TaxDocument, issuer: IssuerContext): Promise<BuiltDocument> {
    if (!this.capabilities.documentTypes.includes(doc.type)) {
      throw new TaxUnsupportedError(`The HKA adapter does not issue "${doc.type}"`, {
        messages: {
          es: 'Este tipo de documento no se emite para Panamá.',
          en: 'This document type is not issued for Panama.',
        },
      })
    }
    try {
      const computed = computeDocumento(doc)
      const body = writeDocumento(
        mapDocumento(doc, computed, documentSettingsFrom(issuer.settings))
      )
      assertXmlText(body)
      const data = {
        establishmentCode: doc.issuer.establishmentCode,
        number: fiscalNumber(doc.sequential),
        emissionPointCode: doc.issuer.emissionPointCode,
        documentType: hkaDocumentType(doc),
        emissionType: EMISSION_TYPE_NORMAL,
      }
      const taxes = computed.groups.map((group) => ({
        category: group.category,
        authorityCode: 'ITBMS',
        authorityRateCode: group.rateCode,
        rate: group.rate.toFixed(),
        base: money(group.base),
        amount: money(group.amount),
      }))
      return {
        country: this.country,
        documentType: doc.type,
        authorityKey:
          doc.authorityKey ?? buildDocumentKey(data, issuer.environment, issuer.identity.taxId),
        number: `${data.establishmentCode}-${data.emissionPointCode}-${data.number}`,
        issueDate: doc.issueDate,
        body,
        contentType: 'application/xml',
        format: DOCUMENTO_FORMAT,
        totals: {
          subtotal: money(computed.net),
          discount: money(computed.lineDiscounts),
          taxes,
          tip: '0.00',
          total: money(computed.total),
        },
        technical: {
          format: DOCUMENTO_FORMAT,
          // Each item's ITBMS keeps 6 decimals and the total rounds their sum
          // once; these say how far that is from rounding each item on its own.
          taxRounding: computed.groups.map((group, index) => {
            const lineAmount = computed.items
              .filter((item) => item.rateCode === group.rateCode)
              .reduce((sum, item) => sum.plus(item.tax.toDecimalPlaces(2)), group.amount.mul(0))
            return {
              ...taxes[index],
              lineAmount: money(lineAmount),
              difference: money(lineAmount.minus(group.amount.toDecimalPlaces(2))),
            }
          }),
        },
      }
    } catch (error) {
      if (
        error instanceof TaxUnsupportedError ||
        error instanceof TaxConfigError ||
        error instanceof TaxValidationError
      ) {
        throw error
      }
      throw new TaxConfigError(`Cannot build the HKA documento: ${(error as Error).message}`, {
        cause: error,
        messages: {
          es: 'No se pudo generar el documento: revise los datos (valide el documento primero).',
          en: 'The document could not be built: check its data (validate it first).',
        },
        i18nKey: 'tax.pa.build_failed',
      })
    }
  }

  /**
   * The PAC signs (HKA builds and signs the DGI's rFE from these data), so
   * Facturo adds no signature. What it does add is the time of issuing in
   * fechaEmision (see stampEmissionTime): this is the last step before the
   * bytes are stored and sent.
   */
  async sign(built: BuiltDocument, _issuer: IssuerContext): Promise<SignedDocument> {
    const now = new Date()
    return {
      country: this.country,
      documentType: built.documentType,
      authorityKey: built.authorityKey,
      number: built.number,
      body: stampEmissionTime(built.body, now),
      contentType: built.contentType,
      signedAt: now.toISOString(),
    }
  }

  async submit(): Promise<SubmitResult> {
    return notYet('submit')
  }

  async checkStatus(_ref: DocumentRef): Promise<StatusResult> {
    return notYet('checkStatus')
  }

  async close() {}
}

/**
 * Last line before the body is kept: a character XML 1.0 cannot carry
 * would make HKA refuse the whole request. `validate` would not see it in
 * every field, so the finished text is checked once.
 */
function assertXmlText(body: string) {
  const problem = findNonXmlCharacter(body)
  if (!problem) return
  const before = body.slice(0, problem.index)
  const element = /<(?:ser:)?([A-Za-z][\w.-]*)[^<]*$/.exec(before)?.[1] ?? 'documento'
  const issue: ValidationIssue = {
    field: '',
    code: 'tax.pa.xml_character',
    message: {
      es: `El documento tendría un carácter que XML no admite (${problem.codePoint}) en <${element}>; corrija ese texto.`,
      en: `The document would hold a character XML cannot carry (${problem.codePoint}) in <${element}>; fix that text.`,
    },
    severity: 'error',
    params: { character: problem.codePoint, element },
  }
  throw new TaxValidationError(
    `Refusing to build a documento with ${problem.codePoint} in <${element}>`,
    [issue],
    { i18nKey: 'tax.pa.xml_character' }
  )
}
