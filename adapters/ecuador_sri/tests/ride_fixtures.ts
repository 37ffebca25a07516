/*
 * Neutral documents for the RIDE tests: a realistic invoice (several IVA
 * rates, discounts, ICE, IRBPNR, tip, payments, additional info) and a
 * credit note.
 */
import type { IssuerIdentity, TaxDocument } from '#adapters/core/types'
import type { RideData } from '#adapters/ecuador_sri/ride/ride_data'

export const RIDE_ISSUER: IssuerIdentity = {
  taxId: '1792146739001',
  legalName: 'COMERCIALIZADORA ANDINA DEL PACÍFICO S.A.',
  tradeName: 'Andina Market',
  headOfficeAddress: 'Av. Amazonas N34-120 y Av. Atahualpa, Quito, Pichincha',
  accountingObligated: true,
  specialTaxpayerResolution: '12345',
  withholdingAgentResolution: '1',
  email: 'facturacion@andinamarket.ec',
  phone: '02 245 6789',
}

export const RIDE_ACCESS_KEY = '1503202601179214673900110010010000012341234567816'

export function rideInvoice(lineCount = 5): RideData {
  const baseLines: TaxDocument['lines'] = [
    {
      code: 'LAP-001',
      auxiliaryCode: 'SKU-88231',
      description: 'Computador portátil 14" Ryzen 7, 16 GB RAM, 512 GB SSD',
      quantity: '2',
      unitPrice: '899.990000',
      discount: '50.00',
      taxCategory: 'iva_15',
      additionalDetails: [
        { name: 'Serie', value: 'PF3X9K2' },
        { name: 'Garantía', value: '12 meses' },
      ],
    },
    {
      code: 'LIB-204',
      description: 'Libro "Historia económica del Ecuador" (tapa dura)',
      quantity: '3',
      unitPrice: '24.500000',
      taxCategory: 'iva_0',
    },
    {
      code: 'BEB-010',
      description: 'Agua mineral 500 ml, paquete de 12',
      quantity: '5',
      unitPrice: '3.250000',
      discount: '0.75',
      taxCategory: 'iva_15',
      extraTaxes: [{ category: 'irbpnr', amountPerUnit: '0.02' }],
    },
    {
      code: 'PER-300',
      description: 'Perfume importado 100 ml',
      quantity: '1',
      unitPrice: '120.000000',
      taxCategory: 'iva_15',
      extraTaxes: [{ category: 'ice', authorityCode: '3093', rate: '20' }],
    },
    {
      code: 'SRV-900',
      description: 'Servicio de transporte internacional de carga',
      quantity: '1',
      unitPrice: '40.000000',
      taxCategory: 'iva_exento',
    },
  ]
  const lines: TaxDocument['lines'] = []
  for (let index = 0; index < lineCount; index++) {
    const template = baseLines[index % baseLines.length]
    lines.push(
      index < baseLines.length ? template : { ...template, code: `${template.code}-${index}` }
    )
  }

  return {
    issuer: RIDE_ISSUER,
    accessKey: RIDE_ACCESS_KEY,
    environment: 'test',
    authorization: {
      number: RIDE_ACCESS_KEY,
      authorizedAt: new Date('2026-03-15T15:20:11Z'),
    },
    document: {
      type: 'invoice',
      issueDate: '2026-03-15',
      currency: 'USD',
      issuer: {
        establishmentCode: '001',
        emissionPointCode: '001',
        establishmentAddress: 'Centro Comercial El Recreo, local 45, Quito',
      },
      sequential: 1234,
      buyer: {
        identificationType: '04',
        identification: '1790016919001',
        name: 'DISTRIBUIDORA LA FAVORITA CÍA. LTDA.',
        address: 'Av. General Enríquez vía a Cotogchoa, Sangolquí',
        email: 'compras@lafavorita.ec',
        phone: '02 299 6500',
      },
      lines,
      payments: [
        { method: '19', amount: '2000.00', term: 30, termUnit: 'dias' },
        { method: '01', amount: '314.50' },
      ],
      tip: '5.00',
      additionalInfo: [
        { name: 'Vendedor', value: 'María José Pérez' },
        { name: 'Orden de compra', value: 'OC-2026-0315' },
      ],
    },
  }
}

export function rideCreditNote(): RideData {
  const invoice = rideInvoice(2)
  return {
    ...invoice,
    accessKey: '1603202604179214673900110010010000000561234567819',
    authorization: {
      number: '1603202604179214673900110010010000000561234567819',
      authorizedAt: '2026-03-16T09:05:00-05:00',
    },
    document: {
      ...invoice.document,
      type: 'credit_note',
      issueDate: '2026-03-16',
      sequential: 56,
      payments: undefined,
      tip: undefined,
      reference: {
        documentType: 'invoice',
        number: '001-001-000001234',
        issueDate: '2026-03-15',
        reason: 'Devolución de mercadería por falla de fábrica',
      },
    },
  }
}
