/*
 * Conformance fixture for the in-memory FakeTaxAuthority, so the suite
 * itself is exercised even when no country adapter is registered.
 */
import { FakeTaxAuthority } from '#adapters/core/fake_authority'
import type { ConformanceFixture } from '#adapters/core/manager'
import type { IssuerContext, SignedDocument, TaxDocument } from '#adapters/core/types'

/** One authority shared by the transport tests: it is the "server" that keeps documents. */
let server = new FakeTaxAuthority()

export function fakeIssuer(): IssuerContext {
  return {
    identity: {
      taxId: '1234567890',
      legalName: 'Facturo Fake S.A.',
      headOfficeAddress: 'Calle Falsa 123',
    },
    environment: 'test',
    credentials: { tokens: { fakeSecret: 'conformance' } },
  }
}

export function fakeDocument(sequence: number): TaxDocument {
  return {
    type: 'invoice',
    issueDate: '2026-03-15',
    currency: 'USD',
    issuer: { establishmentCode: '001', emissionPointCode: '001' },
    sequential: sequence,
    buyer: { identificationType: 'TAXID', identification: '12345678', name: 'Cliente Uno' },
    lines: [
      {
        code: 'P1',
        description: 'Producto',
        quantity: '2',
        unitPrice: '10.50',
        taxCategory: 'vat_10',
      },
      {
        code: 'P2',
        description: 'Servicio',
        quantity: '1.5',
        unitPrice: '3',
        taxCategory: 'vat_0',
      },
    ],
    payments: [{ method: 'cash', amount: '27.60' }],
  }
}

export const fakeConformanceFixture: ConformanceFixture = {
  name: 'XX fake',
  create: () => new FakeTaxAuthority(),
  issuer: fakeIssuer,
  sampleDocument: fakeDocument,
  sampleCreditNote: (sequence) => ({
    ...fakeDocument(sequence),
    type: 'credit_note',
    reference: {
      documentType: 'invoice',
      number: '001-001-000000001',
      issueDate: '2026-03-01',
      reason: 'Devolución',
    },
  }),
  transport: {
    setup: async () => {
      server = new FakeTaxAuthority()
    },
    create: () => server,
    createUnreachable: () => new FakeTaxAuthority({ transportFailures: Number.POSITIVE_INFINITY }),
    spoil: (signed: SignedDocument) => ({
      ...signed,
      body: signed.body.replace('Cliente Uno', 'Cliente Dos'),
    }),
    pollDelayMs: 1,
  },
}
