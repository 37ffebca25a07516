/*
 * Large invoices and rounding. The header IVA of each group follows SRI's
 * own tool (ficha técnica table 21): valor = round₂(Σ base × tarifa), tax on
 * the grouped base; each line's IVA is rounded on its own base. Both are
 * checked here, on random documents of 1 to 500 lines, against a Decimal
 * computation written in this file (decimal.js, HALF_UP, nothing from
 * money.ts), reading the figures from the built XML itself.
 *
 * The PRNG is seeded: a failure names its seed and reproduces.
 */
import { test } from '@japa/runner'
import { Decimal } from 'decimal.js'
import type { TaxDocument } from '#adapters/core/types'
import { SriAuthority } from '#adapters/ecuador_sri/sri_authority'
import { sampleIssuer, todayInEcuador } from '#adapters/ecuador_sri/testing/fixtures'
import { randomInvoice, seededRandom } from '#adapters/ecuador_sri/testing/random_documents'
import { childElements, childText, firstChild, parseXml } from '#adapters/core/xml_dom'

const D = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP })
const r2 = (value: Decimal) => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP)

/** IVA categories as SRI codes them (sri-ecuador.md §3.4), written out here on purpose. */
const IVA: Record<string, { code: string; rate: string }> = {
  iva_15: { code: '4', rate: '15' },
  iva_5: { code: '5', rate: '5' },
  iva_0: { code: '0', rate: '0' },
  iva_no_objeto: { code: '6', rate: '0' },
  iva_exento: { code: '7', rate: '0' },
}

interface Expected {
  lines: Array<{ total: Decimal; iceValue?: Decimal; ivaBase: Decimal; ivaValue: Decimal }>
  groups: Map<string, { base: Decimal; value: Decimal; lineValues: Decimal }>
  subtotal: Decimal
  total: Decimal
}

/** The document's figures, computed independently. */
function expectedFigures(doc: TaxDocument): Expected {
  const lines: Expected['lines'] = []
  const bases = new Map<string, { base: Decimal; rate: Decimal; lineValues: Decimal }>()
  const add = (key: string, base: Decimal, rate: Decimal, lineValue: Decimal) => {
    const group = bases.get(key) ?? { base: new D(0), rate, lineValues: new D(0) }
    group.base = group.base.plus(base)
    group.lineValues = group.lineValues.plus(lineValue)
    bases.set(key, group)
  }
  for (const line of doc.lines) {
    const total = r2(new D(line.quantity).times(line.unitPrice).minus(line.discount ?? 0))
    const ice = line.extraTaxes?.find((extra) => extra.category === 'ice')
    const iceValue = ice ? r2(total.times(ice.rate!).div(100)) : undefined
    const ivaBase = total.plus(iceValue ?? 0)
    const iva = IVA[line.taxCategory]
    const ivaValue = r2(ivaBase.times(iva.rate).div(100))
    lines.push({ total, iceValue, ivaBase, ivaValue })
    add(`2|${iva.code}`, ivaBase, new D(iva.rate), ivaValue)
    if (ice && iceValue) add(`3|${ice.authorityCode}`, total, new D(ice.rate!), iceValue)
  }
  const groups: Expected['groups'] = new Map()
  for (const [key, group] of bases) {
    groups.set(key, {
      base: group.base,
      value: r2(group.base.times(group.rate).div(100)),
      lineValues: group.lineValues,
    })
  }
  const subtotal = lines.reduce((sum, line) => sum.plus(line.total), new D(0))
  const total = [...groups.values()].reduce((sum, group) => sum.plus(group.value), subtotal)
  return { lines, groups, subtotal, total }
}

const money = (value: Decimal) => value.toFixed(2)

async function checkDocument(
  assert: any,
  authority: SriAuthority,
  doc: TaxDocument,
  label: string
) {
  const expected = expectedFigures(doc)
  doc.payments = [{ method: '20', amount: money(expected.total) }]
  const issuer = sampleIssuer()

  // Nothing for the user to act on: no issue at all, whatever the gap.
  assert.deepEqual(await authority.validate(doc, issuer), [], label)

  const built = await authority.buildDocument(doc, issuer)
  const { document, errors } = parseXml(built.body)
  assert.deepEqual(errors, [], label)
  const root = document!.documentElement as unknown as Element
  const info = firstChild(root, 'infoFactura')!
  assert.equal(childText(info, 'totalSinImpuestos'), money(expected.subtotal), label)
  assert.equal(childText(info, 'importeTotal'), money(expected.total), label)

  // Header: one totalImpuesto per (codigo, codigoPorcentaje), valor on the grouped base.
  const headers = childElements(firstChild(info, 'totalConImpuestos')!, 'totalImpuesto')
  assert.equal(headers.length, expected.groups.size, label)
  for (const header of headers) {
    const key = `${childText(header, 'codigo')}|${childText(header, 'codigoPorcentaje')}`
    const group = expected.groups.get(key)!
    assert.isOk(group, `${label}: unexpected group ${key}`)
    assert.equal(childText(header, 'baseImponible'), money(group.base), `${label} ${key} base`)
    assert.equal(childText(header, 'valor'), money(group.value), `${label} ${key} valor`)
  }

  // Lines: each impuesto rounded on its own base.
  const details = childElements(firstChild(root, 'detalles')!, 'detalle')
  assert.equal(details.length, doc.lines.length, label)
  details.forEach((detail, index) => {
    const line = expected.lines[index]
    const at = `${label} line ${index + 1}`
    assert.equal(childText(detail, 'precioTotalSinImpuesto'), money(line.total), at)
    const taxes = childElements(firstChild(detail, 'impuestos')!, 'impuesto')
    const iva = taxes.find((tax) => childText(tax, 'codigo') === '2')!
    assert.equal(childText(iva, 'baseImponible'), money(line.ivaBase), at)
    assert.equal(childText(iva, 'valor'), money(line.ivaValue), at)
    const ice = taxes.find((tax) => childText(tax, 'codigo') === '3')
    assert.equal(
      ice ? childText(ice, 'valor') : undefined,
      line.iceValue && money(line.iceValue),
      at
    )
  })

  // The gap is recorded, exactly Σ line valores − header valor, per group.
  for (const detail of built.technical!.taxRounding!) {
    const key = `${detail.authorityCode}|${detail.authorityRateCode}`
    const group = expected.groups.get(key)!
    assert.equal(detail.lineAmount, money(group.lineValues), `${label} ${key} lines`)
    assert.equal(
      detail.difference,
      money(group.lineValues.minus(group.value)),
      `${label} ${key} gap`
    )
    // Each of n lines is off by at most half a cent, and so is the header: |gap| ≤ (n + 1) × 0.005.
    const lineCount = doc.lines.length
    assert.isTrue(
      new D(detail.difference).abs().lte(new D(lineCount + 1).times('0.005')),
      `${label} ${key} gap bound`
    )
  }
  return built
}

test.group('SRI rounding | random documents of 1 to 500 lines', () => {
  test('header valor = round₂(Σ base × tarifa), line valores on their own base', async ({
    assert,
  }) => {
    const authority = new SriAuthority()
    const issueDate = todayInEcuador()
    let sawGap = false
    // The extremes, then 30 documents of random size.
    const sizes = [1, 2, 500]
    const sizeRandom = seededRandom(20_260_315)
    for (let index = 0; index < 30; index++) sizes.push(1 + Math.floor(sizeRandom() * 500))
    for (const [index, size] of sizes.entries()) {
      const seed = 1_000 + index
      const doc = randomInvoice(seededRandom(seed), size, issueDate)
      const built = await checkDocument(assert, authority, doc, `seed ${seed} (${size} lines)`)
      sawGap ||= built.technical!.taxRounding!.some((group) => group.difference !== '0.00')
    }
    await authority.close()
    // The survey is only meaningful if some document shows the drift.
    assert.isTrue(sawGap)
  }).timeout(120_000)

  test('the authorized factura of sri-certificates-and-arithmetic.md B2 (Σ lines 1.65, header 1.66)', async ({
    assert,
  }) => {
    // Four 12 % lines chosen to give B2's figures: line IVA 0.20 + 0.11 + 0.13 + 1.21 = 1.65
    // on bases 1.67 + 0.95 + 1.12 + 10.07 = 13.81, while round₂(13.81 × 0.12) = 1.66.
    const doc = randomInvoice(seededRandom(1), 1, todayInEcuador())
    doc.lines = [
      {
        code: 'A',
        description: 'A',
        quantity: '1',
        unitPrice: '1.7195',
        discount: '0.05',
        taxCategory: 'iva_12',
      },
      { code: 'B', description: 'B', quantity: '1', unitPrice: '0.95', taxCategory: 'iva_12' },
      { code: 'C', description: 'C', quantity: '1', unitPrice: '1.12', taxCategory: 'iva_12' },
      { code: 'D', description: 'D', quantity: '1', unitPrice: '10.07', taxCategory: 'iva_12' },
    ]
    doc.payments = [{ method: '20', amount: '15.47' }]
    const authority = new SriAuthority()
    const built = await authority.buildDocument(doc, sampleIssuer())
    await authority.close()
    const [iva12] = built.technical!.taxRounding!
    assert.deepInclude(iva12, {
      authorityCode: '2',
      authorityRateCode: '2',
      base: '13.81',
      amount: '1.66',
      lineAmount: '1.65',
      difference: '-0.01',
    })
  })
})

test.group('SRI rounding | what the user sees', () => {
  test('a large invoice with a gap gets no warning (it used to warn on ordinary invoices)', async ({
    assert,
  }) => {
    const authority = new SriAuthority()
    // seed 9, 300 lines: Σ line IVA 15 % is 0.15 above the header.
    const doc = randomInvoice(seededRandom(9), 300, todayInEcuador())
    const expected = expectedFigures(doc)
    doc.payments = [{ method: '20', amount: money(expected.total) }]
    const iva15 = expected.groups.get('2|4')!
    assert.isTrue(iva15.lineValues.minus(iva15.value).abs().gt('0.01'))
    assert.deepEqual(await authority.validate(doc, sampleIssuer()), [])
    await authority.close()
  })

  test('error 52 names the gap when the document has one, and only then', ({ assert }) => {
    const authority = new SriAuthority()
    const technical = {
      format: 'factura 2.1.0',
      taxRounding: [
        {
          category: 'iva_15',
          authorityCode: '2',
          authorityRateCode: '4',
          rate: '15',
          base: '18543.27',
          amount: '2781.49',
          lineAmount: '2781.53',
          difference: '0.04',
        },
      ],
    }
    const withGap = authority.explain('52', { technical })!
    assert.include(withGap.meaning.es, 'IVA 15 %')
    assert.include(withGap.meaning.es, '2781.53')
    assert.include(withGap.meaning.es, '2781.49')
    assert.include(withGap.meaning.es, 'diferencia 0.04')
    assert.include(withGap.meaning.en, 'difference 0.04')

    const noGap = authority.explain('52', {
      technical: {
        taxRounding: [{ ...technical.taxRounding[0], lineAmount: '2781.49', difference: '0.00' }],
      },
    })!
    assert.notInclude(noGap.meaning.es, 'redondeo')
    assert.equal(noGap.meaning.es, authority.explain('52')!.meaning.es)
    // Other codes are never touched.
    assert.notInclude(authority.explain('39', { technical })!.meaning.es, 'redondeo')
  })
})
