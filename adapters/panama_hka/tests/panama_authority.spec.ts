/*
 * The Panama adapter against the HKA simulator, for every fault mode,
 * following the pipeline's rules (app/tax/process_document.ts, the same for
 * every country): a document already handed to the transport is looked up
 * with checkStatus before anything is sent again, and the adapter's
 * adviseOn decides what a refusal means. Each test checks the result, the
 * explanation, and in the simulator that the number was authorized once and
 * EstadoDocumento was asked before any second Enviar.
 */
import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import { TaxConfigError, TaxTransportError, TaxValidationError } from '#adapters/core/errors'
import type { SignedDocument, TaxDocument } from '#adapters/core/types'
import { isValidCufe } from '#adapters/panama_hka/cufe'
import { PanamaAuthority } from '#adapters/panama_hka/panama_authority'
import { startHkaSimulator, type HkaSimulator } from '#adapters/panama_hka/simulator/server'
import { sampleInvoice, sampleIssuer } from '#adapters/panama_hka/testing/fixtures'

/** A field of what a promise resolves to. */
async function at<T, R>(promise: Promise<T>, pick: (value: T) => R): Promise<R> {
  return pick(await promise)
}

let simulator: HkaSimulator
let authority: PanamaAuthority
let sequence = 900

const issuer = sampleIssuer()

async function signedInvoice(doc: TaxDocument = sampleInvoice(++sequence)) {
  const built = await authority.buildDocument(doc, issuer)
  return authority.sign(built, issuer)
}

async function transportFailure(call: Promise<unknown>): Promise<TaxTransportError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught
  )
  if (!(error instanceof TaxTransportError))
    throw new Error(`expected E_TAX_TRANSPORT, got ${error}`)
  return error
}

/** Documents the simulator holds for this number: exactly one means no duplicate. */
function held(signed: SignedDocument) {
  const number = signed.number.split('-').pop()
  return simulator.state.filter((document) => document.number === number)
}

function calls() {
  return simulator.stats.calls
}

function assertAuthorizedOnce(assert: Assert, signed: SignedDocument) {
  const documents = held(signed)
  assert.lengthOf(documents, 1)
  assert.equal(documents[0].status, 'Autorizada')
}

test.group('Panama HKA adapter | against the simulator', (group) => {
  group.setup(async () => {
    simulator = await startHkaSimulator({ port: 0 })
    authority = new PanamaAuthority({ demoUrl: simulator.serviceUrl, timeoutMs: 1_000 })
    return async () => {
      await authority.close()
      await simulator.close()
    }
  })
  group.each.setup(() => simulator.reset())

  test('submit: authorized at once with CUFE, QR URL and protocol', async ({ assert }) => {
    const signed = await signedInvoice()
    const result = await authority.submit(signed, issuer)
    assert.equal(result.status, 'accepted')
    const authorized = result.authorized!
    assert.equal(authorized.status, 'authorized')
    assert.isTrue(isValidCufe(authorized.authorityKey), authorized.authorityKey)
    assert.equal(authorized.authorizationNumber, authorized.authorityKey)
    assert.equal(
      new URL(authorized.verificationUrl!).searchParams.get('chFE'),
      authorized.authorityKey
    )
    assert.match(authorized.protocolNumber!, /^\d{20}$/)
    assert.instanceOf(authorized.authorizedAt, Date)
    assert.equal(authority.adviseOn(result.messages).action, 'ignore')

    // checkStatus with the built key and with the CUFE says the same.
    for (const key of [signed.authorityKey, authorized.authorityKey!]) {
      const status = await authority.checkStatus({ authorityKey: key }, issuer)
      assert.equal(status.status, 'authorized')
      assert.equal(status.authorityKey, authorized.authorityKey)
      assert.isUndefined(status.voidedAt)
    }
    assertAuthorizedOnce(assert, signed)
  })

  test('no tokens: a clear refusal before any call', async ({ assert }) => {
    const signed = await signedInvoice()
    const bare = { ...issuer, credentials: {} }
    const error = await authority.submit(signed, bare).catch((caught) => caught)
    assert.instanceOf(error, TaxConfigError)
    assert.equal(error.i18nKey, 'tax.pa.pac.tokens_missing')
    assert.include(error.messages.es, 'tokens del PAC')
    assert.equal(calls().Enviar, 0)
  })

  test('wrong tokens: rejected with HKA opaque codigo, never a resend', async ({ assert }) => {
    simulator.register({
      tokenEmpresa: issuer.credentials.tokens!.tokenEmpresa,
      tokenPassword: 'otra',
    })
    const result = await authority.submit(await signedInvoice(), issuer)
    assert.equal(result.status, 'rejected')
    assert.equal(result.messages[0].code, 'HKA-101')
    assert.equal(result.messages[0].additionalInfo, 'HKA codigo 101')
    const advice = authority.adviseOn(result.messages)
    assert.equal(advice.action, 'fail')
    assert.equal(advice.title.es, 'Rechazo del PAC')
    assert.include(result.raw, '<a:codigo>101</a:codigo>')
  })

  test('down on Enviar: transport error; EstadoDocumento says unknown; sent once after', async ({
    assert,
  }) => {
    const signed = await signedInvoice()
    simulator.setFault({ mode: 'down', operation: 'Enviar', times: 1 })
    const error = await transportFailure(authority.submit(signed, issuer))
    assert.isTrue(error.retryable)
    // The pipeline's next round asks first…
    const status = await authority.checkStatus({ authorityKey: signed.authorityKey }, issuer)
    assert.equal(status.status, 'unknown')
    // …and only an unknown document is sent again.
    const result = await authority.submit(signed, issuer)
    assert.equal(result.status, 'accepted')
    assertAuthorizedOnce(assert, signed)
    assert.deepInclude(calls(), { Enviar: 2, EstadoDocumento: 1 })
  })

  test('timeout after accepting: EstadoDocumento finds it authorized; no second Enviar', async ({
    assert,
  }) => {
    const signed = await signedInvoice()
    simulator.setFault({ mode: 'timeout_after_accept', times: 1 })
    await transportFailure(authority.submit(signed, issuer))
    const status = await authority.checkStatus({ authorityKey: signed.authorityKey }, issuer)
    assert.equal(status.status, 'authorized')
    assert.isTrue(isValidCufe(status.authorityKey))
    assertAuthorizedOnce(assert, signed)
    assert.deepInclude(calls(), { Enviar: 1, EstadoDocumento: 1 })
  })

  test('slow beyond the timeout: asked, found authorized, not resent', async ({ assert }) => {
    const signed = await signedInvoice()
    simulator.setFault({ mode: 'slow', operation: 'Enviar', delayMs: 1_300, times: 1 })
    const error = await transportFailure(authority.submit(signed, issuer))
    assert.equal(error.i18nKey, 'hka.transport.timeout')
    // HKA finished the job after the client gave up.
    await new Promise((resolve) => setTimeout(resolve, 500))
    const status = await authority.checkStatus({ authorityKey: signed.authorityKey }, issuer)
    assert.equal(status.status, 'authorized')
    assertAuthorizedOnce(assert, signed)
    assert.equal(calls().Enviar, 1)
  })

  test('http500: retryable; after recovery it goes through once', async ({ assert }) => {
    const signed = await signedInvoice()
    simulator.setFault({ mode: 'http500', times: 2 })
    await transportFailure(authority.submit(signed, issuer))
    await transportFailure(authority.checkStatus({ authorityKey: signed.authorityKey }, issuer))
    const status = await authority.checkStatus({ authorityKey: signed.authorityKey }, issuer)
    assert.equal(status.status, 'unknown')
    assert.equal(await at(authority.submit(signed, issuer), (value) => value.status), 'accepted')
    assertAuthorizedOnce(assert, signed)
  })

  test('duplicate (1513): looked up, not resent, authorized', async ({ assert }) => {
    const signed = await signedInvoice()
    simulator.setFault({ mode: 'duplicate', times: 1 })
    const result = await authority.submit(signed, issuer)
    assert.equal(result.status, 'rejected')
    const advice = authority.adviseOn(result.messages)
    assert.equal(advice.action, 'lookup')
    assert.equal(advice.title.es, 'Número de documento duplicado')
    assert.include(advice.remedy.es, 'EstadoDocumento')
    const status = await authority.checkStatus({ authorityKey: signed.authorityKey }, issuer)
    assert.equal(status.status, 'authorized')
    assertAuthorizedOnce(assert, signed)
    assert.equal(calls().Enviar, 1)
  })

  test('data error (2007): final, explained, nothing authorized', async ({ assert }) => {
    const signed = await signedInvoice()
    simulator.setFault({ mode: 'data_error', times: 1 })
    const result = await authority.submit(signed, issuer)
    assert.equal(result.status, 'rejected')
    const advice = authority.adviseOn(result.messages)
    assert.equal(advice.action, 'fail')
    assert.equal(advice.code, '2007')
    assert.equal(advice.title.es, 'Error en los ítems')
    assert.equal(advice.title.en, 'Error in the items')
    assert.lengthOf(held(signed), 0)
  })

  test('the simulator refuses a spoiled documento with the DGI item code', async ({ assert }) => {
    const signed = await signedInvoice()
    const spoiled = {
      ...signed,
      body: signed.body.replace('<ser:valorITBMS>1.015', '<ser:valorITBMS>1.016'),
    }
    const result = await authority.submit(spoiled, issuer)
    assert.equal(result.status, 'rejected')
    assert.deepEqual(
      result.messages.map((message) => message.code),
      ['2007', '2007']
    )
  })

  test('no folios: final, explained as folios, not as a data error', async ({ assert }) => {
    simulator.setFault({ mode: 'no_folios', times: 1 })
    const result = await authority.submit(await signedInvoice(), issuer)
    const advice = authority.adviseOn(result.messages)
    assert.equal(advice.action, 'fail')
    assert.equal(advice.code, 'HKA-FOLIOS')
    assert.equal(advice.title.es, 'Sin folios disponibles')
    assert.include(advice.remedy.es, 'sus datos no tienen errores')
  })

  test('EstadoDocumento down: the status check fails retryably, nothing is sent', async ({
    assert,
  }) => {
    const signed = await signedInvoice()
    simulator.setFault({ mode: 'down', operation: 'EstadoDocumento', times: 1 })
    await transportFailure(authority.checkStatus({ authorityKey: signed.authorityKey }, issuer))
    assert.equal(calls().Enviar, 0)
  })
})

test.group('Panama HKA adapter | voiding and services', (group) => {
  group.setup(async () => {
    simulator = await startHkaSimulator({ port: 0 })
    authority = new PanamaAuthority({ demoUrl: simulator.serviceUrl, timeoutMs: 5_000 })
    return async () => {
      await authority.close()
      await simulator.close()
    }
  })
  group.each.setup(() => simulator.reset())

  test('void: a reason of 15 to 250 characters, then EstadoDocumento says voided', async ({
    assert,
  }) => {
    const signed = await signedInvoice()
    const cufe = await at(
      authority.submit(signed, issuer),
      (value) => value.authorized!.authorityKey!
    )
    for (const reason of ['Error', 'x'.repeat(251)]) {
      const error = await authority
        .void({ authorityKey: cufe }, reason, issuer)
        .catch((caught) => caught)
      assert.instanceOf(error, TaxValidationError)
      assert.equal(error.issues[0].code, 'tax.pa.void.reason')
    }
    assert.equal(calls().AnulacionDocumento, 0)
    const voided = await authority.void(
      { authorityKey: cufe },
      'El cliente no recibió la mercadería',
      issuer
    )
    assert.equal(voided.status, 'voided')
    const status = await authority.checkStatus({ authorityKey: cufe }, issuer)
    assert.equal(status.status, 'authorized')
    assert.instanceOf(status.voidedAt, Date)
    const again = await authority.void(
      { authorityKey: cufe },
      'El cliente no recibió la mercadería',
      issuer
    )
    assert.equal(again.status, 'rejected')
    assert.equal(authority.profile.voiding.reason?.min, 15)
    assert.equal(authority.profile.voiding.withinDays, 7)
  })

  test('quota: the folios of the cycle and the licence', async ({ assert }) => {
    const { tokenEmpresa, tokenPassword } = issuer.credentials.tokens!
    simulator.register({ tokenEmpresa, tokenPassword, cycleTotal: 100, cycleUsed: 80 })
    const quota = await authority.quota(issuer)
    assert.equal(quota.status, 'ok')
    assert.deepInclude(quota, { available: 20, used: 80, total: 100 })
    assert.match(quota.licence!.code!, /^[0-9A-F-]{14}$/)
    assert.match(quota.period!.from, /^\d{4}-\d{2}-\d{2}$/)
    const refused = await authority.quota({
      ...issuer,
      credentials: { tokens: { tokenEmpresa, tokenPassword: 'mala' } },
    })
    assert.equal(refused.status, 'rejected')
  })

  test('lookupTaxpayer: DV, name, affiliation', async ({ assert }) => {
    const found = await authority.lookupTaxpayer({ taxId: '155596713-2-2015' }, issuer)
    assert.deepInclude(found, {
      status: 'found',
      taxId: '155596713-2-2015',
      checkDigits: '59',
      legalName: 'THE FACTORY HKA CORP',
      electronicInvoicing: true,
    })
    const natural = await authority.lookupTaxpayer(
      { taxId: '8-274-125', taxpayerType: '1' },
      issuer
    )
    assert.deepInclude(natural, { checkDigits: '91', electronicInvoicing: false })
    assert.equal(calls().ConsultarRucDV, 2)
  })

  test('lookupTaxpayer: a malformed RUC or a wrong DV is caught locally, with no SOAP call', async ({
    assert,
  }) => {
    const wrongDv = await authority.lookupTaxpayer(
      { taxId: '155596713-2-2015', checkDigits: '58' },
      issuer
    )
    assert.equal(wrongDv.status, 'invalid')
    assert.deepEqual(
      wrongDv.issues!.map((issue) => [issue.field, issue.code]),
      [['checkDigits', 'tax.pa.ruc.check_digit']]
    )
    const malformed = await authority.lookupTaxpayer({ taxId: 'nada' }, issuer)
    assert.equal(malformed.status, 'invalid')
    assert.equal(malformed.issues![0].field, 'taxId')
    // Not even the issuer's missing tokens are looked at: nothing leaves the machine.
    const tokenless = { ...issuer, credentials: {} }
    assert.equal(
      await at(
        authority.lookupTaxpayer({ taxId: '8-274-125', checkDigits: '00' }, tokenless),
        (value) => value.status
      ),
      'invalid'
    )
    assert.equal(calls().ConsultarRucDV, 0)
    assert.equal(simulator.stats.wsdl, 0)

    // The right DV goes on to HKA.
    const right = await authority.lookupTaxpayer(
      { taxId: '155596713-2-2015', checkDigits: '59' },
      issuer
    )
    assert.deepInclude(right, { status: 'found', legalName: 'THE FACTORY HKA CORP' })
    assert.equal(calls().ConsultarRucDV, 1)
  })

  test('lookupTaxpayer without an issuer: the platform tokens, or E_TAX_CONFIG without them', async ({
    assert,
  }) => {
    const platform = new PanamaAuthority({
      demoUrl: simulator.serviceUrl,
      timeoutMs: 1_000,
      platformLookup: {
        tokens: { tokenEmpresa: 'plataforma', tokenPassword: 'plataforma' },
        environment: 'test',
      },
    })
    try {
      const found = await platform.lookupTaxpayer({ taxId: '155596713-2-2015' })
      assert.deepInclude(found, { status: 'found', checkDigits: '59' })
    } finally {
      await platform.close()
    }
    const unconfigured = await authority.lookupTaxpayer({ taxId: '155596713-2-2015' }).then(
      () => undefined,
      (error: unknown) => error
    )
    assert.instanceOf(unconfigured, TaxConfigError)
    assert.equal((unconfigured as TaxConfigError).i18nKey, 'tax.pa.pac.lookup_unconfigured')
    // A company without tokens is told so; the platform's are never lent to it.
    const tokenless = await platform
      .lookupTaxpayer({ taxId: '155596713-2-2015' }, { ...issuer, credentials: {} })
      .then(
        () => undefined,
        (error: unknown) => error
      )
    assert.equal((tokenless as TaxConfigError).i18nKey, 'tax.pa.pac.tokens_missing')
    assert.equal(calls().ConsultarRucDV, 1)
  })

  test('downloadDocument: the CAFE and the XML; unknown documents are not found', async ({
    assert,
  }) => {
    const signed = await signedInvoice()
    const cufe = await at(
      authority.submit(signed, issuer),
      (value) => value.authorized!.authorityKey!
    )
    const pdf = await authority.downloadDocument({ authorityKey: cufe }, 'pdf', issuer)
    assert.equal(pdf.status, 'found')
    if (pdf.status === 'found') {
      assert.equal(pdf.contentType, 'application/pdf')
      assert.equal(pdf.content.subarray(0, 5).toString(), '%PDF-')
    }
    const xml = await authority.downloadDocument(
      { authorityKey: signed.authorityKey },
      'xml',
      issuer
    )
    assert.equal(xml.status, 'found')
    if (xml.status === 'found') assert.include(xml.content.toString(), `<dId>${cufe}</dId>`)
    const other = await signedInvoice()
    assert.equal(
      await at(
        authority.downloadDocument({ authorityKey: other.authorityKey }, 'pdf', issuer),
        (value) => value.status
      ),
      'not_found'
    )
  })

  test('sendDocumentEmail and emailDeliveries (which needs the CUFE)', async ({ assert }) => {
    const signed = await signedInvoice()
    const cufe = await at(
      authority.submit(signed, issuer),
      (value) => value.authorized!.authorityKey!
    )
    const sent = await authority.sendDocumentEmail(
      { authorityKey: cufe },
      'compras@pacifico.test',
      issuer
    )
    assert.equal(sent.status, 'sent')
    const deliveries = await authority.emailDeliveries({ authorityKey: cufe }, issuer)
    assert.equal(deliveries.status, 'ok')
    assert.deepEqual(
      deliveries.deliveries.map((entry) => [entry.email, entry.status]),
      [['compras@pacifico.test', 'delivered']]
    )
    const early = await authority
      .emailDeliveries({ authorityKey: signed.authorityKey }, issuer)
      .catch((caught) => caught)
    assert.instanceOf(early, TaxConfigError)
  })

  test('explain: every code has a meaning and a remedy in both languages', ({ assert }) => {
    for (const code of ['1513', '1508', '2007', '0260', '9999', 'HKA-FOLIOS', 'HKA-300']) {
      const explanation = authority.explain(code)!
      assert.isAbove(explanation.meaning.es.length, 10, code)
      assert.isAbove(explanation.remedy.en.length, 10, code)
    }
    assert.equal(authority.explain('1513')!.action, 'lookup')
    assert.equal(authority.explain('9999')!.title.es, 'Rechazo de la DGI')
  })

  test('a key that is neither Facturo’s nor a CUFE is a configuration error', async ({
    assert,
  }) => {
    const error = await authority
      .checkStatus({ authorityKey: '1234567890' }, issuer)
      .catch((caught) => caught)
    assert.instanceOf(error, TaxConfigError)
    assert.equal(error.i18nKey, 'tax.pa.document.key')
  })

  test('capabilities say what is implemented', ({ assert }) => {
    assert.deepEqual(authority.capabilities, {
      issuing: true,
      signing: 'remote',
      authorization: 'sync',
      voiding: true,
      documentTypes: ['invoice', 'credit_note'],
      services: ['quota', 'taxpayer_lookup', 'document_files', 'document_email'],
    })
  })
})
