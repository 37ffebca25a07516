import { test } from '@japa/runner'
import type { DocumentLine, TaxDocument } from '#adapters/core/types'
import { computeDocument, Dec, fine, money, rate } from '#adapters/ecuador_sri/money'

function invoice(lines: DocumentLine[], tip?: string): TaxDocument {
  return {
    type: 'invoice',
    issueDate: '2026-03-15',
    currency: 'USD',
    issuer: { establishmentCode: '001', emissionPointCode: '001' },
    sequential: 1,
    buyer: { identificationType: '05', identification: '1710034065', name: 'X' },
    lines,
    tip,
  }
}

const line = (
  quantity: string,
  unitPrice: string,
  taxCategory: string,
  discount?: string
): DocumentLine => ({
  code: 'X',
  description: 'X',
  quantity,
  unitPrice,
  taxCategory,
  discount,
})

test.group('SRI arithmetic', () => {
  test('rounds half-up in decimal, never in binary floating point', ({ assert }) => {
    assert.equal(money(new Dec('2.675')), '2.68') // 2.675 in a double is 2.67499…
    assert.equal(money(new Dec('0.125')), '0.13')
    assert.equal(money(new Dec('1.6572')), '1.66')
    assert.equal(money(new Dec('-0.005')), '-0.01')
  })

  test('quantities and unit prices keep 2 to 6 decimals; rates drop trailing zeros', ({
    assert,
  }) => {
    assert.equal(fine(new Dec('2')), '2.00')
    assert.equal(fine(new Dec('1.5')), '1.50')
    assert.equal(fine(new Dec('1.1234')), '1.1234')
    assert.equal(fine(new Dec('0.1234567')), '0.123457')
    assert.equal(rate('15.00'), '15')
    assert.equal(rate('0.02'), '0.02')
  })

  test('authorized SRI factura (Dec 2022): header IVA on the grouped base, one cent above Σ lines', ({
    assert,
  }) => {
    // Four 12 % lines whose own IVA values are 0.20 + 0.11 + 0.13 + 1.21 = 1.65;
    // the authorized header says baseImponible 13.81, valor 1.66, totalDescuento 0.83, importeTotal 28.66.
    const computed = computeDocument(
      invoice([
        line('1', '1.7195', 'iva_12', '0.05'),
        line('1', '0.95', 'iva_12'),
        line('2', '0.56', 'iva_12'),
        line('1', '10.85', 'iva_12', '0.78'),
        line('1', '13.19', 'iva_0'),
      ])
    )
    const lineIva = computed.lines
      .filter((l) => l.line.taxCategory === 'iva_12')
      .map((l) => money(l.taxes[0].value))
    assert.deepEqual(lineIva, ['0.20', '0.11', '0.13', '1.21'])
    assert.equal(money(computed.lines[0].total), '1.67') // round2(1 × 1.7195 − 0.05)
    const iva12 = computed.groups.find((group) => group.codigoPorcentaje === '2')!
    assert.equal(money(iva12.base), '13.81')
    assert.equal(money(iva12.value), '1.66')
    assert.equal(money(iva12.lineDifference), '-0.01')
    assert.equal(money(computed.subtotal), '27.00')
    assert.equal(money(computed.discount), '0.83')
    assert.equal(money(computed.total), '28.66')
  })

  test('ficha técnica example: ICE is part of the IVA base', ({ assert }) => {
    // 10 × 30000 − 5000 = 295000; ICE 5 % = 14750; IVA 12 % on 309750 = 37170.
    const computed = computeDocument(
      invoice([
        {
          ...line('10', '30000', 'iva_12', '5000'),
          extraTaxes: [{ category: 'ice', authorityCode: '3073', rate: '5' }],
        },
      ])
    )
    const [detail] = computed.lines
    assert.equal(money(detail.total), '295000.00')
    const ice = detail.taxes.find((tax) => tax.codigo === '3')!
    const iva = detail.taxes.find((tax) => tax.codigo === '2')!
    assert.equal(money(ice.value), '14750.00')
    assert.equal(money(iva.base), '309750.00')
    assert.equal(money(iva.value), '37170.00')
    assert.equal(money(computed.total), '346920.00')
  })

  test('IRBPNR is 0.02 per bottle and stays out of the IVA base', ({ assert }) => {
    const computed = computeDocument(
      invoice([{ ...line('24', '0.50', 'iva_15'), extraTaxes: [{ category: 'irbpnr' }] }])
    )
    const irbpnr = computed.groups.find((group) => group.codigo === '5')!
    assert.equal(irbpnr.codigoPorcentaje, '5001')
    assert.equal(money(irbpnr.value), '0.48')
    const iva = computed.groups.find((group) => group.codigo === '2')!
    assert.equal(money(iva.base), '12.00')
    assert.equal(money(iva.value), '1.80')
    assert.equal(money(computed.total), '14.28')
  })

  test('totals: subtotal, discounts, tip and one group per rate', ({ assert }) => {
    const computed = computeDocument(
      invoice(
        [
          line('3', '1.333333', 'iva_15', '0.10'),
          line('1', '10', 'iva_5'),
          line('2', '2.50', 'iva_exento'),
          line('1', '4', 'iva_15'),
        ],
        '1.00'
      )
    )
    assert.deepEqual(
      computed.groups.map((group) => [
        group.codigoPorcentaje,
        money(group.base),
        money(group.value),
      ]),
      [
        ['4', '7.90', '1.19'],
        ['5', '10.00', '0.50'],
        ['7', '5.00', '0.00'],
      ]
    )
    assert.equal(money(computed.subtotal), '22.90')
    assert.equal(money(computed.discount), '0.10')
    assert.equal(money(computed.total), '25.59')
  })
})
