import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { test } from '@japa/runner'
import { convert } from 'xmlbuilder2'
import type { IssuerContext, TaxDocument } from '#adapters/core/types'
import { SriAuthority } from '#adapters/ecuador_sri/sri_authority'
import { isValidAccessKey } from '#adapters/ecuador_sri/access_key'
import {
  sampleCreditNote,
  sampleIssuer,
  tenLineInvoice,
} from '#adapters/ecuador_sri/testing/fixtures'
import {
  canonicalRoot,
  validateAgainstXsd,
  type SriSchema,
} from '#adapters/ecuador_sri/testing/xml_checks'

/*
 * Golden files: the exact bytes each builder must produce. Regenerate with
 * UPDATE_GOLDEN=1 after an intended change, and review the diff.
 */
const FIXTURES = new URL('./fixtures/', import.meta.url)

function golden(name: string, actual: string): string {
  const file = new URL(name, FIXTURES)
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1')
      throw new Error(`Missing golden file ${name}; run with UPDATE_GOLDEN=1`)
    writeFileSync(file, actual)
  }
  return readFileSync(file, 'utf8')
}

/** An issuer with every optional field SRI has, to exercise the element order. */
function fullIssuer(): IssuerContext {
  const issuer = sampleIssuer()
  return {
    ...issuer,
    identity: {
      ...issuer.identity,
      taxId: '0992397535001',
      legalName: 'COMERCIAL "LA <ESQUINA>" & HIJOS S.A.',
      accountingObligated: true,
      specialTaxpayerResolution: '12345',
      withholdingAgentResolution: '1',
      rimpeRegime: 'entrepreneur',
    },
  }
}

function fullInvoice(): TaxDocument {
  return {
    type: 'invoice',
    issueDate: '2026-03-15',
    currency: 'USD',
    issuer: {
      establishmentCode: '002',
      emissionPointCode: '010',
      establishmentAddress: 'Local 4\nCentro',
    },
    sequential: 987654321,
    numericCode: '87654321',
    buyer: {
      identificationType: '07',
      identification: '9999999999999',
      name: 'CONSUMIDOR FINAL',
      email: 'cliente@example.com',
      phone: '0991234567',
    },
    lines: [
      {
        code: 'CIG-20',
        auxiliaryCode: '7861234567890',
        description: 'Cigarrillos  caja x20\tunidades',
        unit: 'caja',
        quantity: '2',
        unitPrice: '5.123456',
        discount: '0.25',
        taxCategory: 'iva_15',
        extraTaxes: [{ category: 'ice', authorityCode: '3011', rate: '150' }],
        additionalDetails: [
          { name: 'Lote', value: 'A-1 & B-2' },
          { name: 'Vence', value: '2027-01' },
        ],
      },
      {
        code: 'AGUA-500',
        description: 'Agua sin gas 500 ml',
        quantity: '12',
        unitPrice: '0.35',
        taxCategory: 'iva_15',
        extraTaxes: [{ category: 'irbpnr' }],
      },
      {
        code: 'LIB-01',
        description: 'Libro escolar',
        quantity: '1',
        unitPrice: '8.90',
        taxCategory: 'iva_0',
      },
    ],
    payments: [
      { method: '01', amount: '20.00' },
      { method: '19', amount: '23.72', term: 3, termUnit: 'meses' },
    ],
    tip: '1.00',
    additionalInfo: [{ name: 'Dirección', value: 'Av. 9 de Octubre > 100' }],
  }
}

const cases: Array<{
  name: string
  schema: SriSchema
  build: () => { doc: TaxDocument; issuer: IssuerContext }
}> = [
  {
    name: 'factura_2.1.0_ten_lines.xml',
    schema: 'factura_V2.1.0.xsd',
    build: () => ({ doc: tenLineInvoice(1, '2026-03-15'), issuer: sampleIssuer() }),
  },
  {
    name: 'factura_1.1.0_ten_lines.xml',
    schema: 'factura_V1.1.0.xsd',
    build: () => ({
      doc: tenLineInvoice(2, '2026-03-15'),
      issuer: sampleIssuer({ settings: { invoiceVersion: '1.1.0' } }),
    }),
  },
  {
    name: 'factura_2.1.0_all_fields.xml',
    schema: 'factura_V2.1.0.xsd',
    build: () => ({ doc: fullInvoice(), issuer: fullIssuer() }),
  },
  {
    name: 'nota_credito_1.1.0.xml',
    schema: 'NotaCredito_V1.1.0.xsd',
    build: () => ({ doc: sampleCreditNote(7, '2026-03-20'), issuer: fullIssuer() }),
  },
]

test.group('SRI builders | golden files and official XSDs', () => {
  for (const sample of cases) {
    test(sample.name, async ({ assert }) => {
      const { doc, issuer } = sample.build()
      const built = await new SriAuthority().buildDocument(doc, issuer)
      assert.equal(built.body, golden(sample.name, built.body))

      const verdict = validateAgainstXsd(built.body, sample.schema)
      assert.isTrue(verdict.valid, verdict.output)
      assert.isTrue(isValidAccessKey(built.authorityKey))
      assert.include(built.body, `<claveAcceso>${built.authorityKey}</claveAcceso>`)
    })
  }
})

test.group('SRI builders | shape', () => {
  test('the body is already in C14N form (what the signer digests)', async ({ assert }) => {
    for (const sample of cases) {
      const { doc, issuer } = sample.build()
      const { body } = await new SriAuthority().buildDocument(doc, issuer)
      const root = body.slice(body.indexOf('<', 1))
      assert.equal(canonicalRoot(body), root, sample.name)
    }
  })

  test('infoTributaria follows the XSD sequence (claveAcceso before codDoc)', async ({
    assert,
  }) => {
    const { body } = await new SriAuthority().buildDocument(fullInvoice(), fullIssuer())
    const parsed = convert(body, { format: 'object' }) as Record<string, any>
    assert.deepEqual(Object.keys(parsed.factura.infoTributaria), [
      'ambiente',
      'tipoEmision',
      'razonSocial',
      'nombreComercial',
      'ruc',
      'claveAcceso',
      'codDoc',
      'estab',
      'ptoEmi',
      'secuencial',
      'dirMatriz',
      'agenteRetencion',
      'contribuyenteRimpe',
    ])
    assert.equal(parsed.factura.infoTributaria.contribuyenteRimpe, 'CONTRIBUYENTE RÉGIMEN RIMPE')
    assert.equal(parsed.factura.infoTributaria.secuencial, '987654321')
    assert.equal(parsed.factura['@id'], 'comprobante')
    assert.equal(parsed.factura['@version'], '2.1.0')
  })

  test('line breaks and tabs never reach the XML; markup characters are escaped', async ({
    assert,
  }) => {
    const { body } = await new SriAuthority().buildDocument(fullInvoice(), fullIssuer())
    assert.include(body, '<dirEstablecimiento>Local 4 Centro</dirEstablecimiento>')
    assert.include(body, '<descripcion>Cigarrillos caja x20 unidades</descripcion>')
    assert.include(
      body,
      '<razonSocial>COMERCIAL "LA &lt;ESQUINA&gt;" &amp; HIJOS S.A.</razonSocial>'
    )
    assert.include(body, '<detAdicional nombre="Lote" valor="A-1 &amp; B-2"></detAdicional>')
    assert.include(body, '<campoAdicional nombre="Email">cliente@example.com</campoAdicional>')
  })

  test('an existing clave de acceso is reused on rebuilds; the numeric code is honoured', async ({
    assert,
  }) => {
    const authority = new SriAuthority()
    const first = await authority.buildDocument(fullInvoice(), fullIssuer())
    assert.equal(first.authorityKey.slice(39, 47), '87654321')
    const again = await authority.buildDocument(
      { ...fullInvoice(), numericCode: undefined, authorityKey: first.authorityKey },
      fullIssuer()
    )
    assert.equal(again.authorityKey, first.authorityKey)
    assert.equal(again.body, first.body)
  })

  test('credit note: references the invoice and carries no payments or tip', async ({ assert }) => {
    const { body, format, totals } = await new SriAuthority().buildDocument(
      sampleCreditNote(7, '2026-03-20'),
      fullIssuer()
    )
    assert.equal(format, 'notaCredito 1.1.0')
    assert.include(body, '<codDocModificado>01</codDocModificado>')
    assert.include(body, '<numDocModificado>001-001-000000001</numDocModificado>')
    assert.include(body, '<fechaEmisionDocSustento>20/03/2026</fechaEmisionDocSustento>')
    assert.include(body, `<valorModificacion>${totals.total}</valorModificacion>`)
    assert.include(body, '<codigoInterno>SKU-001</codigoInterno>')
    assert.notInclude(body, '<pagos>')
    assert.notInclude(body, '<propina>')
    assert.equal(totals.total, '138.00')
  })
})
