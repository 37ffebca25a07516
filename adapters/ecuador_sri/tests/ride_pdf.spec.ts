/*
 * The RIDE PDF: a valid PDF whose text shows everything SRI requires.
 *
 * Text is read from the PDF's content streams (inflated, TJ strings
 * decoded), and poppler's pdftotext must read the same text on its own: an
 * independent reader, so a PDF only our own parser understands fails. Without
 * pdftotext (Debian's poppler-utils, which `npm test` installs when it can)
 * these tests fail rather than check half.
 */
import { execFileSync } from 'node:child_process'
import { inflateSync } from 'node:zlib'
import { test } from '@japa/runner'
import { renderRidePdf } from '#adapters/ecuador_sri/ride/ride_pdf'
import { SriAuthority } from '#adapters/ecuador_sri/sri_authority'
import { sampleIssuer, tenLineInvoice } from '#adapters/ecuador_sri/testing/fixtures'
import {
  RIDE_ACCESS_KEY,
  rideCreditNote,
  rideInvoice,
} from '#adapters/ecuador_sri/tests/ride_fixtures'

/** Text runs of a pdfkit PDF (standard fonts, WinAnsi ≈ Latin-1), one run per line. */
function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1')
  const runs: string[] = []
  const streams = /stream\r?\n/g
  let match: RegExpExecArray | null
  while ((match = streams.exec(source))) {
    const start = match.index + match[0].length
    const end = source.indexOf('endstream', start)
    const dictionary = source.slice(source.lastIndexOf('<<', match.index), match.index)
    const raw = pdf.subarray(start, end)
    let content: string
    try {
      content = (dictionary.includes('FlateDecode') ? inflateSync(raw) : raw).toString('latin1')
    } catch {
      continue
    }
    for (const array of content.matchAll(/\[((?:\s*(?:<[0-9a-fA-F]*>|-?[\d.]+))*)\s*\]\s*TJ/g)) {
      const hex = [...array[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((part) => part[1]).join('')
      runs.push(Buffer.from(hex, 'hex').toString('latin1').trim())
    }
    streams.lastIndex = end
  }
  return runs.join('\n')
}

function popplerText(pdf: Buffer): string {
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'pdftotext is not installed; the RIDE text check needs it (apt-get install poppler-utils)',
        { cause: error }
      )
    }
    throw error
  }
}

function assertShows(assert: { include: Function }, pdf: Buffer, expected: string[]) {
  const text = pdfText(pdf)
  for (const fragment of expected) assert.include(text, fragment)
  const flat = popplerText(pdf).replace(/\s+/g, ' ')
  for (const fragment of expected) assert.include(flat, fragment.replace(/\s+/g, ' '))
}

test.group('RIDE PDF | factura', () => {
  test('is a PDF', async ({ assert }) => {
    const pdf = await renderRidePdf(rideInvoice())
    assert.instanceOf(pdf, Buffer)
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-')
    assert.include(pdf.subarray(-8).toString('latin1'), '%%EOF')
    assert.isAbove(pdf.length, 5000)
  })

  test('shows the issuer, the document block and the clave de acceso', async ({ assert }) => {
    const pdf = await renderRidePdf(rideInvoice())
    assertShows(assert, pdf, [
      '1792146739001',
      'COMERCIALIZADORA ANDINA DEL PACÍFICO S.A.',
      'Andina Market',
      'Dirección Matriz:',
      // Long values wrap, so only whole lines are looked for.
      'Av. Amazonas N34-120 y Av. Atahualpa, Quito,',
      'Dirección Sucursal:',
      'Centro Comercial El Recreo, local 45, Quito',
      'Contribuyente Especial Nro:',
      '12345',
      'OBLIGADO A LLEVAR CONTABILIDAD:',
      'SI',
      'Agente de Retención Resolución No.:',
      'FACTURA',
      '001-001-000001234',
      'NÚMERO DE AUTORIZACIÓN',
      'FECHA Y HORA DE AUTORIZACIÓN:',
      // 15:20:11 UTC is 10:20:11 in Ecuador.
      '15/03/2026 10:20:11',
      'AMBIENTE:',
      'PRUEBAS',
      'EMISIÓN:',
      'NORMAL',
      'CLAVE DE ACCESO',
      RIDE_ACCESS_KEY,
    ])
  })

  test('shows the buyer and every line', async ({ assert }) => {
    const pdf = await renderRidePdf(rideInvoice())
    assertShows(assert, pdf, [
      'Razón Social / Nombres y Apellidos:',
      'DISTRIBUIDORA LA FAVORITA CÍA. LTDA.',
      'Identificación:',
      '1790016919001 (RUC)',
      'Fecha Emisión:',
      '15/03/2026',
      'Av. General Enríquez vía a Cotogchoa, Sangolquí',
      'Cód. Principal',
      'Precio Unitario',
      'Descuento',
      'Precio Total',
      'LAP-001',
      'SKU-88231',
      'Serie: PF3X9K2',
      '899.99',
      '50.00',
      '1749.98',
      'LIB-204',
      '24.50',
      '73.50',
      'SRV-900',
    ])
  })

  test('shows the totals ladder: subtotals per IVA rate, discount, ICE, IVA, IRBPNR, tip, total', async ({
    assert,
  }) => {
    const text = pdfText(await renderRidePdf(rideInvoice(5)))
    // SUBTOTAL 15 % = line totals 1749.98 + 15.50 + 120 (the 24.00 ICE has its own row,
    // though the IVA base is 1909.48 with it); 0 % = 73.50; exento = 40.
    const expected: Array<[string, string]> = [
      ['SUBTOTAL 15%', '1885.48'],
      ['SUBTOTAL 0%', '73.50'],
      ['SUBTOTAL NO OBJETO DE IVA', '0.00'],
      ['SUBTOTAL EXENTO DE IVA', '40.00'],
      ['SUBTOTAL SIN IMPUESTOS', '1998.98'],
      ['TOTAL DESCUENTO', '50.75'],
      ['ICE', '24.00'],
      ['IVA 15%', '286.42'],
      ['IRBPNR', '0.10'],
      ['PROPINA', '5.00'],
      ['VALOR TOTAL', '2314.50'],
    ]
    for (const [label, value] of expected) {
      assert.include(text, `${label}\n${value}`)
    }
  })

  test('shows payment methods and additional information', async ({ assert }) => {
    const pdf = await renderRidePdf(rideInvoice())
    assertShows(assert, pdf, [
      'Forma de pago',
      '19 - TARJETA DE CRÉDITO',
      '2000.00',
      '30',
      'dias',
      '01 - SIN UTILIZACIÓN DEL SISTEMA',
      '314.50',
      'Información Adicional',
      'compras@lafavorita.ec',
      'Vendedor:',
      'María José Pérez',
      'OC-2026-0315',
    ])
  })

  test('before authorization it says so instead of inventing a number', async ({ assert }) => {
    const data = rideInvoice()
    delete data.authorization
    const text = pdfText(await renderRidePdf(data))
    assert.include(text, 'PENDIENTE DE AUTORIZACIÓN')
    assert.notInclude(text, '15/03/2026 10:20:11')
    // Marked on the page itself as a RIDE without tax validity.
    assert.include(text, 'SIN VALIDEZ TRIBUTARIA')
  })

  test('an authorized RIDE carries no "not valid" mark', async ({ assert }) => {
    const text = pdfText(await renderRidePdf(rideInvoice()))
    assert.notInclude(text, 'SIN VALIDEZ TRIBUTARIA')
  })

  test('producción, RIMPE and a logo are printed when given', async ({ assert }) => {
    const data = rideInvoice()
    data.environment = 'production'
    data.issuer = { ...data.issuer, rimpeRegime: 'entrepreneur', accountingObligated: false }
    // A 1×1 PNG.
    data.logo = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64'
    )
    const text = pdfText(await renderRidePdf(data))
    assert.include(text, 'PRODUCCIÓN')
    assert.include(text, 'CONTRIBUYENTE RÉGIMEN RIMPE')
    assert.include(text, 'OBLIGADO A LLEVAR CONTABILIDAD:\nNO')
  })

  test('long documents flow over several pages with the table header repeated', async ({
    assert,
  }) => {
    const pdf = await renderRidePdf(rideInvoice(60))
    const text = pdfText(pdf)
    const pages = Number(/Página 1 de (\d+)/.exec(text)?.[1])
    assert.isAtLeast(pages, 2)
    assert.include(text, `Página ${pages} de ${pages}`)
    assert.isAtLeast(text.split('Cód. Principal').length - 1, 2)
    assert.include(text, 'SRV-900-59')
    assert.include(text, 'VALOR TOTAL')
  })
})

test.group('RIDE PDF | nota de crédito', () => {
  test('shows the modified document, its date and the reason', async ({ assert }) => {
    const pdf = await renderRidePdf(rideCreditNote())
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-')
    assertShows(assert, pdf, [
      'NOTA DE CRÉDITO',
      '001-001-000000056',
      '1603202604179214673900110010010000000561234567819',
      '16/03/2026 09:05:00',
      'Comprobante que se modifica:',
      'FACTURA 001-001-000001234',
      'Fecha Emisión (Comprobante a modificar):',
      '15/03/2026',
      'Razón de Modificación:',
      'Devolución de mercadería por falla de fábrica',
      'DISTRIBUIDORA LA FAVORITA CÍA. LTDA.',
    ])
  })

  test('has no payment block and totals the credited lines', async ({ assert }) => {
    const text = pdfText(await renderRidePdf(rideCreditNote()))
    assert.notInclude(text, 'Forma de pago')
    // 1749.98 at 15 % + 73.50 at 0 %: 1823.48 + 262.50 IVA.
    assert.include(text, 'SUBTOTAL SIN IMPUESTOS\n1823.48')
    assert.include(text, 'IVA 15%\n262.50')
    assert.include(text, 'VALOR TOTAL\n2085.98')
  })
})

test.group('RIDE PDF | agrees with the XML', () => {
  test('the printed totals are the ones in the built comprobante', async ({ assert }) => {
    const issuer = sampleIssuer()
    const document = tenLineInvoice(42, '2026-03-15')
    const authority = new SriAuthority()
    const built = await authority.buildDocument(document, issuer)
    await authority.close()
    const text = pdfText(
      await renderRidePdf({
        issuer: issuer.identity,
        document,
        accessKey: built.authorityKey,
        environment: issuer.environment,
        authorization: { number: built.authorityKey, authorizedAt: new Date() },
      })
    )
    const xmlValue = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(built.body)![1]
    assert.include(text, `VALOR TOTAL\n${xmlValue('importeTotal')}`)
    assert.include(text, `SUBTOTAL SIN IMPUESTOS\n${xmlValue('totalSinImpuestos')}`)
    assert.include(text, `TOTAL DESCUENTO\n${xmlValue('totalDescuento')}`)
    assert.include(text, built.authorityKey)
    assert.include(text, built.number)
  })
})

test.group('RIDE PDF | ICE in the totals ladder', () => {
  test('SUBTOTAL 15% is the lines alone; ICE is its own row and enters the IVA base', async ({
    assert,
  }) => {
    // 30.00 of lines at 15 % carrying 4.50 of ICE (15 % ad valorem): SRI's RIDE prints
    // SUBTOTAL 15% 30.00 and ICE 4.50 (it used to print 34.50, the IVA base), then
    // IVA 15% = round2((30.00 + 4.50) × 0.15) = 5.18 and VALOR TOTAL 39.68.
    const data = rideInvoice(1)
    data.document = {
      ...data.document,
      lines: [
        {
          code: 'LIC-001',
          description: 'Licor de frutas 750 ml',
          quantity: '1',
          unitPrice: '10.00',
          taxCategory: 'iva_15',
          extraTaxes: [{ category: 'ice', authorityCode: '3031', rate: '15' }],
        },
        {
          code: 'LIC-002',
          description: 'Licor de café 750 ml',
          quantity: '2',
          unitPrice: '10.00',
          taxCategory: 'iva_15',
          extraTaxes: [{ category: 'ice', authorityCode: '3031', rate: '15' }],
        },
      ],
      payments: [{ method: '01', amount: '39.68' }],
      tip: undefined,
    }
    const pdf = await renderRidePdf(data)
    const ladder: Array<[string, string]> = [
      ['SUBTOTAL 15%', '30.00'],
      ['SUBTOTAL 0%', '0.00'],
      ['SUBTOTAL NO OBJETO DE IVA', '0.00'],
      ['SUBTOTAL EXENTO DE IVA', '0.00'],
      ['SUBTOTAL SIN IMPUESTOS', '30.00'],
      ['TOTAL DESCUENTO', '0.00'],
      ['ICE', '4.50'],
      ['IVA 15%', '5.18'],
      ['PROPINA', '0.00'],
      ['VALOR TOTAL', '39.68'],
    ]
    const text = pdfText(pdf)
    for (const [label, value] of ladder) assert.include(text, `${label}\n${value}`)
    assert.notInclude(text, '34.50')
    // SRI's order, top to bottom.
    const positions = ladder.map(([label, value]) => text.indexOf(`${label}\n${value}`))
    assert.deepEqual(
      positions,
      [...positions].sort((a, b) => a - b)
    )

    // poppler's independent reading (-layout keeps each row on one line): the same
    // label/value pairs, in the same order.
    // (pdftotext comes with poppler-utils; without it this test fails instead of skipping.)
    const poppler = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], {
      input: pdf,
    }).toString('utf8')
    const rows = poppler.split('\n')
    const at = ladder.map(([label, value]) =>
      rows.findIndex((row) =>
        new RegExp(`${escapeRegExp(label)}\\s+${escapeRegExp(value)}\\s*$`).test(row)
      )
    )
    for (const [index, [label, value]] of ladder.entries()) {
      assert.isAtLeast(at[index], 0, `${label} ${value}`)
    }
    assert.deepEqual(
      at,
      [...at].sort((a, b) => a - b)
    )
    assert.notInclude(poppler, '34.50')
  })
})

function escapeRegExp(value: string) {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
