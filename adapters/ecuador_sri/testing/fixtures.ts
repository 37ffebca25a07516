/*
 * Sample issuer and documents for SRI tests, the conformance suite and the
 * benchmark. The certificate is generated at test time (see
 * adapters/core/testing/certificates.ts) and parsed once.
 */
import { parsePkcs12, type ParsedPkcs12 } from '#adapters/core/pkcs12'
import {
  createTestP12,
  type TestP12,
  type TestP12Options,
} from '#adapters/core/testing/certificates'
import type { IssuerContext, TaxDocument } from '#adapters/core/types'

/** A natural-person RUC built on a valid cédula (1710034065). */
export const SAMPLE_RUC = '1710034065001'
export const SAMPLE_CEDULA = '1710034065'

let cached: { p12: TestP12; credential: ParsedPkcs12 } | undefined

/** The default test P12 (legacy RC2-40 encryption, holder RUC in the subject) and its parsed credential. */
export function sampleCredential(): { p12: TestP12; credential: ParsedPkcs12 } {
  if (!cached) {
    const p12 = createTestP12({
      algorithm: '40bitRC2',
      signer: { ruc: SAMPLE_RUC, cedula: SAMPLE_CEDULA, commonName: 'MARIA JOSE PEREZ LOPEZ' },
    })
    cached = { p12, credential: parsePkcs12(p12.p12, p12.password) }
  }
  return cached
}

/** A P12 with other options, parsed. */
export function credentialFrom(options: TestP12Options) {
  const p12 = createTestP12(options)
  return { p12, credential: parsePkcs12(p12.p12, p12.password, { at: null }) }
}

export function sampleIssuer(overrides: Partial<IssuerContext> = {}): IssuerContext {
  return {
    identity: {
      taxId: SAMPLE_RUC,
      legalName: 'PEREZ LOPEZ MARIA JOSE',
      tradeName: 'Ferretería El Ñandú & Cía.',
      headOfficeAddress: 'Av. Amazonas N34-451 y Juan Pablo Sanz, Quito',
      accountingObligated: false,
    },
    environment: 'test',
    credentials: { signing: sampleCredential().credential },
    ...overrides,
  }
}

/** A 10-line invoice (the benchmark's unit of work) with payments that add up. */
export function tenLineInvoice(
  sequence: number = 1,
  issueDate: string = todayInEcuador()
): TaxDocument {
  const lines = Array.from({ length: 10 }, (_, index) => ({
    code: `SKU-${String(index + 1).padStart(3, '0')}`,
    description: `Artículo de ferretería número ${index + 1}`,
    quantity: index % 2 === 0 ? '2' : '1.5',
    unitPrice: (3.25 + index * 1.1).toFixed(2),
    discount: index === 0 ? '0.50' : undefined,
    taxCategory: index % 4 === 3 ? 'iva_0' : 'iva_15',
  }))
  // Line totals: 115.39 at 15 % (IVA 17.31 on the grouped base) and 26.26 at 0 %: total 158.96.
  return {
    type: 'invoice',
    issueDate,
    currency: 'USD',
    issuer: {
      establishmentCode: '001',
      emissionPointCode: '001',
      establishmentAddress: 'Sucursal Norte, Av. de la Prensa N45-12',
    },
    sequential: sequence,
    buyer: {
      identificationType: '05',
      identification: '0926687856',
      name: 'Juan Carlos Andrade',
      address: 'Cdla. Kennedy Norte, Guayaquil',
      email: 'juan.andrade@example.com',
    },
    lines,
    payments: [{ method: '20', amount: '158.96', term: 30, termUnit: 'dias' }],
    additionalInfo: [{ name: 'Vendedor', value: 'Ana' }],
  }
}

/** A credit note against invoice 001-001-000000001. */
export function sampleCreditNote(
  sequence: number = 1,
  issueDate: string = todayInEcuador()
): TaxDocument {
  return {
    type: 'credit_note',
    issueDate,
    currency: 'USD',
    issuer: { establishmentCode: '001', emissionPointCode: '001' },
    sequential: sequence,
    buyer: {
      identificationType: '04',
      identification: '0992339411001',
      name: 'Comercial Andina S.A.',
    },
    lines: [
      {
        code: 'SKU-001',
        description: 'Devolución de taladro',
        quantity: '1',
        unitPrice: '120.00',
        taxCategory: 'iva_15',
      },
    ],
    reference: {
      documentType: 'invoice',
      number: '001-001-000000001',
      issueDate,
      reason: 'Devolución de mercadería',
    },
  }
}

/** Today's date in Ecuador (UTC−5), YYYY-MM-DD. */
export function todayInEcuador(now: Date = new Date()): string {
  return new Date(now.getTime() - 5 * 3600_000).toISOString().slice(0, 10)
}
