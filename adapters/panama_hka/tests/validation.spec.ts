import { test } from '@japa/runner'
import type { TaxDocument, ValidationIssue } from '#adapters/core/types'
import { PanamaAuthority } from '#adapters/panama_hka/panama_authority'
import {
  SAMPLE_BUYER,
  sampleCreditNote,
  sampleInvoice,
  sampleIssuer,
} from '#adapters/panama_hka/testing/fixtures'

const authority = new PanamaAuthority()

async function issuesOf(doc: TaxDocument, issuer = sampleIssuer()) {
  return authority.validate(doc, issuer)
}

const errors = (issues: ValidationIssue[]) =>
  issues
    .filter((issue) => issue.severity === 'error')
    .map((issue) => `${issue.field} ${issue.code}`)
const warnings = (issues: ValidationIssue[]) =>
  issues
    .filter((issue) => issue.severity === 'warning')
    .map((issue) => `${issue.field} ${issue.code}`)

test.group('Panama HKA validation', () => {
  test('the samples are valid', async ({ assert }) => {
    assert.deepEqual(await issuesOf(sampleInvoice()), [])
    assert.deepEqual(await issuesOf(sampleCreditNote()), [])
  })

  test('01 and 03 need a name and an address of 5 to 100 characters', async ({ assert }) => {
    const doc = sampleInvoice()
    doc.buyer = { ...SAMPLE_BUYER, name: 'X', address: 'Pa' }
    assert.deepEqual(errors(await issuesOf(doc)), [
      'buyer.name tax.pa.buyer.name',
      'buyer.address tax.pa.buyer.address',
    ])
  })

  test('a consumidor final needs nothing but the type; a bad address is only dropped', async ({
    assert,
  }) => {
    const doc = sampleInvoice()
    doc.buyer = {
      identificationType: '02',
      identification: '',
      name: '',
      address: 'Pa',
      phone: 'n/a',
    }
    const issues = await issuesOf(doc)
    assert.deepEqual(errors(issues), [])
    assert.deepEqual(warnings(issues), [
      'buyer.address tax.pa.buyer.address_omitted',
      'buyer.phone tax.pa.buyer.phone_omitted',
    ])
  })

  test('a juridical RUC cannot be a consumidor final', async ({ assert }) => {
    const doc = sampleInvoice()
    doc.buyer = { ...SAMPLE_BUYER, identificationType: '02', taxpayerType: undefined }
    assert.include(
      errors(await issuesOf(doc)),
      'buyer.identification tax.pa.identification.juridical_final_consumer'
    )
  })

  test('a wrong DV is refused', async ({ assert }) => {
    const doc = sampleInvoice()
    doc.buyer = { ...SAMPLE_BUYER, checkDigits: '11' }
    assert.deepEqual(errors(await issuesOf(doc)), [
      'buyer.identificationCheckDigits tax.pa.ruc.check_digit',
    ])
  })

  test('a foreign customer needs the identification type', async ({ assert }) => {
    const doc = sampleInvoice()
    doc.buyer = { identificationType: '04', identification: 'PA123', name: 'John Smith' }
    assert.deepEqual(errors(await issuesOf(doc)), [
      'buyer.foreignIdentificationType tax.pa.identification.foreign_type',
    ])
  })

  test('government lines need their CPBS code', async ({ assert }) => {
    const doc = sampleInvoice()
    doc.buyer = {
      identificationType: '03',
      identification: '8-NT-1-13656',
      checkDigits: '43',
      taxpayerType: '2',
      name: 'MINISTERIO DE EDUCACION',
      address: 'Calle Ernesto Jaén Guardia, Edificio 6525',
    }
    doc.lines[1].additionalDetails = [{ name: 'CPBS', value: '7210' }]
    assert.deepEqual(errors(await issuesOf(doc)), ['lines.0.additionalDetails tax.pa.line.cpbs'])
  })

  test('lines: quantities, prices, discounts and rates', async ({ assert }) => {
    const doc = sampleInvoice()
    const line = doc.lines[0]
    doc.lines = [
      { ...line, quantity: '0' },
      { ...line, quantity: '1.1234567' },
      { ...line, unitPrice: '-1' },
      { ...line, discount: '6.50' },
      { ...line, discount: '0.123' },
      { ...line, taxCategory: 'iva_15' },
      { ...line, description: 'x' },
      { ...line, code: 'C'.repeat(21) },
      { ...line, extraTaxes: [{ category: 'isc', rate: '5' }] },
    ]
    assert.deepEqual(errors(await issuesOf(doc)), [
      'lines.0.quantity tax.pa.line.quantity',
      'lines.1.quantity tax.pa.line.quantity',
      'lines.2.unitPrice tax.pa.line.unit_price',
      'lines.3.discount tax.pa.line.discount',
      'lines.4.discount tax.pa.line.discount',
      'lines.5.taxCategory tax.pa.line.tax_category',
      'lines.6.description tax.pa.line.description',
      'lines.7.code tax.pa.line.code',
      'lines.8.extraTaxes tax.pa.line.extra_taxes',
    ])
  })

  test('payments must add up to the total HKA computes', async ({ assert }) => {
    const doc = sampleInvoice()
    doc.payments = [{ method: '02', amount: '22.01' }]
    const [issue] = await issuesOf(doc)
    assert.equal(issue.code, 'tax.pa.payment.total')
    assert.deepEqual(issue.params, { payments: '22.01', total: '22.02' })
    assert.equal(issue.message.es, 'Los pagos suman 22.01 y el total del documento es 22.02.')

    doc.payments = [{ method: '77', amount: '22.02' }]
    assert.deepEqual(errors(await issuesOf(doc)), ['payments.0.method tax.pa.payment.method'])
    doc.payments = []
    assert.deepEqual(errors(await issuesOf(doc)), ['payments tax.pa.payment.required'])
    doc.payments = [{ method: '01', amount: '22.02' }]
    assert.deepEqual(warnings(await issuesOf(doc)), ['payments.0.term tax.pa.payment.default_term'])
  })

  test('document-level rules: currency, number, codes, tip', async ({ assert }) => {
    const doc: TaxDocument = {
      ...sampleInvoice(),
      currency: 'EUR',
      sequential: '12345678901',
      issuer: { establishmentCode: '1', emissionPointCode: '000' },
      tip: '1.00',
    }
    // The company's own RUC is not checked here: HKA knows the company by its tokens.
    const issuer = sampleIssuer()
    issuer.identity.taxIdCheckDigits = '00'
    assert.deepEqual(errors(await issuesOf(doc, issuer)), [
      'currency tax.pa.document.currency',
      'sequential tax.pa.document.number',
      'issuer.establishmentCode tax.pa.establishment.format',
      'issuer.emissionPointCode tax.pa.emission_point.format',
      'tip tax.pa.document.tip',
    ])
  })

  test('a credit note needs its reference; without a CUFE it is generic', async ({ assert }) => {
    const note = sampleCreditNote()
    assert.deepEqual(errors(await issuesOf({ ...note, reference: undefined })), [
      'reference tax.pa.credit_note.reference',
    ])
    const generic = { ...note, reference: { ...note.reference!, authorityKey: undefined } }
    assert.deepEqual(warnings(await issuesOf(generic)), [
      'reference.authorityKey tax.pa.credit_note.generic',
    ])
    const broken = { ...note, reference: { ...note.reference!, authorityKey: 'FE01' } }
    assert.deepEqual(errors(await issuesOf(broken)), ['reference.authorityKey tax.pa.cufe.length'])
    const late = {
      ...note,
      issueDate: '2026-09-01',
      reference: { ...note.reference!, issueDate: '2026-01-02' },
    }
    assert.deepEqual(warnings(await issuesOf(late)), [
      'reference.issueDate tax.pa.credit_note.late',
    ])
  })

  test('malformed input is an issue, never an exception', async ({ assert }) => {
    const issues = await issuesOf({ ...sampleInvoice(), lines: null } as unknown as TaxDocument)
    assert.isAbove(issues.length, 0)
    const odd = await issuesOf({ ...sampleInvoice(), buyer: null } as unknown as TaxDocument)
    assert.equal(odd[0].code, 'tax.pa.document.malformed')
  })

  test('an unknown company setting warns and the default applies', async ({ assert }) => {
    const issues = await issuesOf(sampleInvoice(), sampleIssuer({ settings: { cafeFormat: '9' } }))
    assert.deepEqual(warnings(issues), ['settings.cafeFormat tax.pa.document.setting'])
  })
})
