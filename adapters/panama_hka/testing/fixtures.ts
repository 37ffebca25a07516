/*
 * Sample issuer and documents for the Panama HKA tests, the conformance
 * suite and the simulator's functional tests. The issuer is HKA's own demo
 * company (RUC 155596713-2-2015, DV 59, the RUC every CUFE of HKA's wiki
 * carries); the PAC tokens are made up.
 */
import type { IssuerContext, TaxDocument } from '#adapters/core/types'

export const SAMPLE_RUC = '155596713-2-2015'
export const SAMPLE_DV = '59'
export const SAMPLE_TOKENS = {
  tokenEmpresa: 'facturo-test-token-empresa',
  tokenPassword: 'facturo-test-token-password',
}

/** Today's date in Panama (UTC−5, no daylight saving). */
export function todayInPanama(now: Date = new Date()): string {
  return new Date(now.getTime() - 5 * 3600_000).toISOString().slice(0, 10)
}

export function sampleIssuer(overrides: Partial<IssuerContext> = {}): IssuerContext {
  return {
    identity: {
      taxId: SAMPLE_RUC,
      taxIdCheckDigits: SAMPLE_DV,
      legalName: 'DISTRIBUIDORA EL ISTMO, S.A.',
      tradeName: 'Distribuidora Istmo',
      headOfficeAddress: 'Calle 50 y Aquilino de la Guardia, Ciudad de Panamá',
    },
    environment: 'test',
    credentials: { tokens: { ...SAMPLE_TOKENS } },
    ...overrides,
  }
}

/** A contribuyente (juridical) customer with a valid RUC and DV. */
export const SAMPLE_BUYER = {
  identificationType: '01',
  identification: '155631118-2-2016',
  checkDigits: '58',
  taxpayerType: '2',
  name: 'Importadora del Pacífico, S.A.',
  address: 'Vía España, Edificio Banco Panamá, piso 3',
  email: 'compras@pacifico.test',
  phone: '6000-1234',
}

/** An invoice with two lines, one exempt and one at 7 %, paid in cash: total 21.70. */
export function sampleInvoice(
  sequence: number = 1,
  issueDate: string = todayInPanama()
): TaxDocument {
  return {
    type: 'invoice',
    issueDate,
    currency: 'USD',
    issuer: {
      establishmentCode: '0000',
      emissionPointCode: '001',
      establishmentAddress: 'Calle 50, Ciudad de Panamá',
    },
    sequential: sequence,
    buyer: { ...SAMPLE_BUYER },
    lines: [
      {
        code: 'ARROZ-5',
        description: 'Arroz especial 5 lb',
        unit: 'und',
        quantity: '2',
        unitPrice: '3.25',
        taxCategory: 'itbms_exento',
      },
      {
        code: 'CAFE-500',
        description: 'Café de Boquete 500 g',
        unit: 'und',
        quantity: '1.5',
        unitPrice: '10',
        discount: '0.50',
        taxCategory: 'itbms_7',
      },
    ],
    // 6.50 exempt + 14.50 at 7 % (1.015 ITBMS): 6.50 + 14.50 + 1.015 → 22.02
    payments: [{ method: '02', amount: '22.02' }],
  }
}

/** A credit note type 04 for part of an authorized invoice, by its CUFE. */
export function sampleCreditNote(
  sequence: number = 1,
  issueDate: string = todayInPanama(),
  invoiceCufe = 'FE0120000155596713-2-2015-5900002020122900050000050010126666880485'
): TaxDocument {
  return {
    type: 'credit_note',
    issueDate,
    currency: 'USD',
    issuer: { establishmentCode: '0000', emissionPointCode: '001' },
    sequential: sequence,
    buyer: { ...SAMPLE_BUYER },
    lines: [
      {
        code: 'CAFE-500',
        description: 'Café de Boquete 500 g',
        unit: 'und',
        quantity: '1',
        unitPrice: '10',
        taxCategory: 'itbms_7',
      },
    ],
    reference: {
      documentType: 'invoice',
      number: '0000-001-0000000001',
      issueDate,
      reason: 'Devolución de un paquete dañado',
      authorityKey: invoiceCufe,
    },
  }
}
