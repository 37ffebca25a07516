/*
 * Facturo's own SRI documents (builders + XAdES signer, via SriAuthority)
 * go through the simulator like through SRI: recepción RECIBIDA, signature
 * verified, autorización AUTORIZADO with the signed bytes returned. A body
 * changed after signing is NO AUTORIZADO 39.
 */
import { test } from '@japa/runner'
import { SriAuthority } from '#adapters/ecuador_sri/sri_authority'
import { startSriSimulator, type SriSimulator } from '#adapters/ecuador_sri/simulator/server'
import { verifyComprobanteSignature } from '#adapters/ecuador_sri/simulator/signature_check'
import { inspectComprobante } from '#adapters/ecuador_sri/simulator/document_checks'
import { SriTransport } from '#adapters/ecuador_sri/transport/sri_transport'
import {
  sampleCreditNote,
  sampleIssuer,
  tenLineInvoice,
} from '#adapters/ecuador_sri/testing/fixtures'

test.group('SRI simulator | documents built and signed by Facturo', (group) => {
  let simulator: SriSimulator
  let transport: SriTransport
  const authority = new SriAuthority()

  group.setup(async () => {
    simulator = await startSriSimulator({ port: 0 })
    transport = new SriTransport({ ...simulator, timeoutMs: 5000 })
    return async () => {
      await transport.close()
      await authority.close()
      await simulator.close()
    }
  })

  async function signed(kind: 'invoice' | 'credit_note', sequence: number) {
    const issuer = sampleIssuer()
    const doc = kind === 'invoice' ? tenLineInvoice(sequence) : sampleCreditNote(sequence)
    const built = await authority.buildDocument(doc, issuer)
    return authority.sign(built, issuer)
  }

  test('a signed factura passes the checks and is authorized byte for byte', async ({ assert }) => {
    const document = await signed('invoice', 7001)
    assert.deepEqual(verifyComprobanteSignature(document.body), { valid: true })
    assert.isTrue(inspectComprobante(document.body).ok)

    assert.equal(await transport.submit(document.body).then((reply) => reply.status), 'received')
    const status = await transport.checkStatus(document.authorityKey)
    assert.equal(status.status, 'authorized')
    assert.equal(status.authorizationNumber, document.authorityKey)
    assert.equal(status.authorizedDocument, document.body)
  })

  test('a signed nota de crédito is authorized', async ({ assert }) => {
    const document = await signed('credit_note', 7002)
    assert.deepEqual(verifyComprobanteSignature(document.body), { valid: true })
    await transport.submit(document.body)
    assert.equal(
      await transport.checkStatus(document.authorityKey).then((reply) => reply.status),
      'authorized'
    )
    assert.equal(simulator.state[0].documentType, 'notaCredito')
  })

  test('a signed document changed afterwards is NO AUTORIZADO 39', async ({ assert }) => {
    const document = await signed('invoice', 7003)
    const changed = document.body.replace('Juan Carlos Andrade', 'Juan Carlos Andrade Vera')
    assert.notEqual(changed, document.body)
    assert.isFalse(verifyComprobanteSignature(changed).valid)
    assert.equal(await transport.submit(changed).then((reply) => reply.status), 'received')
    const status = await transport.checkStatus(document.authorityKey)
    assert.equal(status.status, 'rejected')
    assert.equal(status.messages[0].code, '39')
  })
})
