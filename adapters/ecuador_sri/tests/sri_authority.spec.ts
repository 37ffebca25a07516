import { test } from '@japa/runner'
import { TaxConfigError, TaxUnsupportedError } from '#adapters/core/errors'
import type { StatusResult, SubmitResult, TaxDocument } from '#adapters/core/types'
import { SriAuthority, type SriTransportPort } from '#adapters/ecuador_sri/sri_authority'
import {
  credentialFrom,
  sampleCreditNote,
  sampleIssuer,
  tenLineInvoice,
  todayInEcuador,
} from '#adapters/ecuador_sri/testing/fixtures'

const codesOf = (issues: Array<{ code: string; severity: string }>, severity = 'error') =>
  issues
    .filter((issue) => issue.severity === severity)
    .map((issue) => issue.code.replace('tax.ec.', ''))

function smallFinalConsumerInvoice(unitPrice: string): TaxDocument {
  const doc = tenLineInvoice(5)
  const total = (Number(unitPrice) * 1.15).toFixed(2)
  return {
    ...doc,
    buyer: { identificationType: '07', identification: '9999999999999', name: 'CONSUMIDOR FINAL' },
    lines: [{ code: 'A', description: 'Item', quantity: '1', unitPrice, taxCategory: 'iva_15' }],
    payments: [{ method: '01', amount: total }],
  }
}

test.group('SriAuthority | validate', () => {
  test('the sample invoice and credit note are valid', async ({ assert }) => {
    const authority = new SriAuthority()
    assert.deepEqual(codesOf(await authority.validate(tenLineInvoice(1), sampleIssuer())), [])
    assert.deepEqual(codesOf(await authority.validate(sampleCreditNote(1), sampleIssuer())), [])
  })

  test('consumidor final: capped at USD 50 by default, configurable', async ({ assert }) => {
    const authority = new SriAuthority()
    assert.deepEqual(
      codesOf(await authority.validate(smallFinalConsumerInvoice('43.47'), sampleIssuer())),
      []
    )
    const over = await authority.validate(smallFinalConsumerInvoice('43.49'), sampleIssuer())
    assert.deepEqual(codesOf(over), ['final_consumer_cap'])
    assert.include(over[0].message.es, 'USD 50')

    const relaxed = new SriAuthority({ consumidorFinalCap: '200' })
    assert.deepEqual(
      codesOf(await relaxed.validate(smallFinalConsumerInvoice('43.49'), sampleIssuer())),
      []
    )
  })

  test('payments must add up to the total and use SRI codes', async ({ assert }) => {
    const authority = new SriAuthority()
    const doc = tenLineInvoice(1)
    assert.deepEqual(
      codesOf(
        await authority.validate(
          { ...doc, payments: [{ method: '20', amount: '100.00' }] },
          sampleIssuer()
        )
      ),
      ['payments_total']
    )
    assert.deepEqual(
      codesOf(
        await authority.validate(
          { ...doc, payments: [{ method: '99', amount: '158.96' }] },
          sampleIssuer()
        )
      ),
      ['payment_method']
    )
    assert.deepEqual(codesOf(await authority.validate({ ...doc, payments: [] }, sampleIssuer())), [
      'payments_required',
    ])
  })

  test('issuer data the XML needs, and the certificate, are checked before numbering', async ({
    assert,
  }) => {
    const authority = new SriAuthority()
    const doc = tenLineInvoice(1)
    const issuer = sampleIssuer()
    const noCertificate = await authority.validate(doc, { ...issuer, credentials: {} })
    assert.deepEqual(codesOf(noCertificate), ['certificate_missing'])

    const expired = credentialFrom({
      signer: { notBefore: new Date('2020-01-01'), notAfter: new Date('2022-01-01') },
    })
    assert.deepEqual(
      codesOf(
        await authority.validate(doc, { ...issuer, credentials: { signing: expired.credential } })
      ),
      ['certificate_expired']
    )

    const badIssuer = {
      ...issuer,
      identity: { ...issuer.identity, taxId: '1710034065', headOfficeAddress: '' },
    }
    assert.sameMembers(codesOf(await authority.validate(doc, badIssuer)), [
      'identification.ruc_format',
      'required',
    ])
  })

  test('a certificate that does not name the issuer RUC is a warning', async ({ assert }) => {
    const other = credentialFrom({ signer: { ruc: '1790011674001' } })
    const issues = await new SriAuthority().validate(tenLineInvoice(1), {
      ...sampleIssuer(),
      credentials: { signing: other.credential },
    })
    assert.deepEqual(codesOf(issues), [])
    assert.include(codesOf(issues, 'warning'), 'certificate_ruc_mismatch')
  })

  test('lines: decimals, discounts, rates, ICE data', async ({ assert }) => {
    const authority = new SriAuthority()
    const doc = tenLineInvoice(1)
    const withLine = (patch: object) => ({ ...doc, lines: [{ ...doc.lines[1], ...patch }] })
    const check = async (patch: object) =>
      codesOf(await authority.validate(withLine(patch), sampleIssuer()))
    assert.include(await check({ quantity: '1.1234567' }), 'quantity')
    assert.include(await check({ unitPrice: '-1' }), 'unit_price')
    assert.include(await check({ discount: '0.123' }), 'discount')
    assert.include(await check({ discount: '99999' }), 'discount_exceeds')
    assert.include(await check({ taxCategory: 'iva_99' }), 'tax_category')
    assert.include(await check({ extraTaxes: [{ category: 'ice', rate: '10' }] }), 'ice')
    assert.include(await check({ description: 'x'.repeat(301) }), 'too_long')
    const historic = await authority.validate(withLine({ taxCategory: 'iva_12' }), sampleIssuer())
    assert.include(codesOf(historic, 'warning'), 'tax_category_historic')
  })

  test('dates, currency and existing keys', async ({ assert }) => {
    const authority = new SriAuthority()
    const doc = tenLineInvoice(1)
    const tomorrow = new Date(Date.now() + 2 * 86400_000)
    assert.include(
      codesOf(
        await authority.validate({ ...doc, issueDate: todayInEcuador(tomorrow) }, sampleIssuer())
      ),
      'issue_date_future'
    )
    assert.include(
      codesOf(await authority.validate({ ...doc, issueDate: '2026-02-30' }, sampleIssuer())),
      'issue_date'
    )
    assert.include(
      codesOf(await authority.validate({ ...doc, currency: 'EUR' }, sampleIssuer())),
      'currency'
    )

    const built = await authority.buildDocument(doc, sampleIssuer())
    assert.deepEqual(
      codesOf(
        await authority.validate({ ...doc, authorityKey: built.authorityKey }, sampleIssuer())
      ),
      []
    )
    assert.include(
      codesOf(
        await authority.validate(
          { ...doc, sequential: 2, authorityKey: built.authorityKey },
          sampleIssuer()
        )
      ),
      'access_key_mismatch'
    )
  })

  test('credit notes need the modified invoice, dated before them', async ({ assert }) => {
    const authority = new SriAuthority()
    const note = sampleCreditNote(1)
    assert.include(
      codesOf(await authority.validate({ ...note, reference: undefined }, sampleIssuer())),
      'reference_required'
    )
    assert.include(
      codesOf(
        await authority.validate(
          { ...note, reference: { ...note.reference!, number: '1-1-1', issueDate: '2099-01-01' } },
          sampleIssuer()
        )
      ),
      'reference_number'
    )
  })

  test('malformed input is an issue, not an exception', async ({ assert }) => {
    const issues = await new SriAuthority().validate(
      { type: 'invoice' } as TaxDocument,
      sampleIssuer()
    )
    assert.isAbove(issues.length, 0)
  })
})

test.group('SriAuthority | build, sign and transport delegation', () => {
  test('unsupported document types and versions are clear errors', async ({ assert }) => {
    const authority = new SriAuthority()
    await assert.rejects(
      () =>
        authority.buildDocument(
          { ...tenLineInvoice(1), type: 'debit_note' as never },
          sampleIssuer()
        ),
      TaxUnsupportedError as never
    )
    await assert.rejects(
      () =>
        authority.buildDocument(
          tenLineInvoice(1),
          sampleIssuer({ settings: { invoiceVersion: '3.0.0' } })
        ),
      TaxConfigError as never
    )
    assert.throws(() => new SriAuthority({ invoiceVersion: '9.9.9' as never }))
  })

  test('the environment goes into the clave and the XML', async ({ assert }) => {
    const authority = new SriAuthority()
    const test1 = await authority.buildDocument(tenLineInvoice(1), sampleIssuer())
    const production = await authority.buildDocument(
      tenLineInvoice(1),
      sampleIssuer({ environment: 'production' })
    )
    assert.equal(test1.authorityKey[23], '1')
    assert.equal(production.authorityKey[23], '2')
    assert.include(production.body, '<ambiente>2</ambiente>')
    assert.notEqual(test1.authorityKey, production.authorityKey)
  })

  test('signing without a certificate is E_TAX_CONFIG', async ({ assert }) => {
    const authority = new SriAuthority()
    const built = await authority.buildDocument(tenLineInvoice(1), sampleIssuer())
    await assert.rejects(
      () => authority.sign(built, { ...sampleIssuer(), credentials: {} }),
      TaxConfigError as never
    )
  })

  test('submit and checkStatus go to the transport of the issuer environment with the stored bytes', async ({
    assert,
  }) => {
    const calls: string[] = []
    const closed: string[] = []
    const factory = (environment: string): SriTransportPort => ({
      async submit(xml: string): Promise<SubmitResult> {
        calls.push(`${environment}:submit:${xml.length}`)
        return { status: 'received', messages: [], raw: '<RECIBIDA/>' }
      },
      async checkStatus(key: string): Promise<StatusResult> {
        calls.push(`${environment}:status:${key}`)
        return { status: 'pending', messages: [], raw: '<EN PROCESO/>' }
      },
      async close() {
        closed.push(environment)
      },
    })
    const authority = new SriAuthority({ transportFactory: factory })
    const issuer = sampleIssuer()
    const signed = await authority.sign(
      await authority.buildDocument(tenLineInvoice(1), issuer),
      issuer
    )
    const submitted = await authority.submit(signed, issuer)
    assert.equal(submitted.status, 'received')
    const status = await authority.checkStatus({ authorityKey: signed.authorityKey }, issuer)
    assert.equal(status.status, 'pending')
    await authority.checkStatus(
      { authorityKey: signed.authorityKey },
      sampleIssuer({ environment: 'production' })
    )
    assert.deepEqual(calls, [
      `test:submit:${signed.body.length}`,
      `test:status:${signed.authorityKey}`,
      `production:status:${signed.authorityKey}`,
    ])
    await authority.close()
    await authority.close()
    assert.sameMembers(closed, ['test', 'production'])
  })

  test('void is not offered by SRI (a credit note is issued instead)', async ({ assert }) => {
    const authority = new SriAuthority()
    assert.isFalse(authority.capabilities.voiding)
    await assert.rejects(
      () => authority.void({ authorityKey: '1' }, 'x', sampleIssuer()),
      TaxUnsupportedError as never
    )
  })

  test('country data for catalog forms', ({ assert }) => {
    const authority = new SriAuthority()
    assert.deepEqual(
      authority.identificationTypes().map((type) => type.code),
      ['04', '05', '06', '07', '08']
    )
    const active = authority
      .taxCategories()
      .filter((category) => category.active && category.kind === 'vat')
    assert.deepEqual(
      active.map((category) => [category.code, category.authorityRateCode, category.rate]),
      [
        ['iva_15', '4', '15'],
        ['iva_5', '5', '5'],
        ['iva_0', '0', '0'],
        ['iva_no_objeto', '6', '0'],
        ['iva_exento', '7', '0'],
      ]
    )
    assert.deepEqual(authority.validateIdentification('05', '1710034065'), [])
  })
})
