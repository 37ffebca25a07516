import { test } from '@japa/runner'
import { FakeTaxAuthority } from '#adapters/core/fake_authority'
import { TaxTransportError } from '#adapters/core/errors'
import { fakeDocument, fakeIssuer } from '#adapters/core/testing/fake_fixture'

/** The status of a result, without reaching into an await expression. */
async function statusOf(pending: Promise<{ status: string }>): Promise<string> {
  const result = await pending
  return result.status
}

async function signedSample(fake: FakeTaxAuthority, sequence = 1) {
  const issuer = fakeIssuer()
  const built = await fake.buildDocument(fakeDocument(sequence), issuer)
  return fake.sign(built, issuer)
}

test.group('FakeTaxAuthority', () => {
  test('stays pending the configured number of checks, then authorizes', async ({ assert }) => {
    const fake = new FakeTaxAuthority().willStayPending(2)
    const signed = await signedSample(fake)
    assert.equal(await statusOf(fake.submit(signed, fakeIssuer())), 'received')
    const ref = { authorityKey: signed.authorityKey }
    assert.equal(await statusOf(fake.checkStatus(ref, fakeIssuer())), 'pending')
    assert.equal(await statusOf(fake.checkStatus(ref, fakeIssuer())), 'pending')
    const final = await fake.checkStatus(ref, fakeIssuer())
    assert.equal(final.status, 'authorized')
    assert.equal(final.authorizationNumber, signed.authorityKey)
  })

  test('rejects with the given messages at submit or at status', async ({ assert }) => {
    const messages = [{ code: '52', text: 'ERROR EN DIFERENCIAS', severity: 'error' as const }]
    const atSubmit = new FakeTaxAuthority().willReject(messages, 'submit')
    const refused = await atSubmit.submit(await signedSample(atSubmit), fakeIssuer())
    assert.equal(refused.status, 'rejected')
    assert.deepEqual(refused.messages, messages)

    const atStatus = new FakeTaxAuthority().willReject(messages, 'status')
    const signed = await signedSample(atStatus)
    assert.equal(await statusOf(atStatus.submit(signed, fakeIssuer())), 'received')
    const status = await atStatus.checkStatus({ authorityKey: signed.authorityKey }, fakeIssuer())
    assert.equal(status.status, 'rejected')
    assert.deepEqual(status.messages, messages)
  })

  test('fails the transport N times with a retryable error, then works', async ({ assert }) => {
    const fake = new FakeTaxAuthority().willFailTransport(2)
    const signed = await signedSample(fake)
    for (let i = 0; i < 2; i++) {
      await assert.rejects(() => fake.submit(signed, fakeIssuer()), TaxTransportError)
    }
    assert.equal(await statusOf(fake.submit(signed, fakeIssuer())), 'received')
  })

  test('records every call and refuses a tampered signature', async ({ assert }) => {
    const fake = new FakeTaxAuthority()
    const signed = await signedSample(fake)
    const tampered = { ...signed, body: signed.body.replace('Cliente Uno', 'Cliente X') }
    const result = await fake.submit(tampered, fakeIssuer())
    assert.equal(result.status, 'rejected')
    assert.equal(result.messages[0].code, 'FAKE-39')
    assert.deepEqual(
      fake.calls.map((call) => call.method),
      ['buildDocument', 'sign', 'submit']
    )
  })

  test('voids an authorized document and refuses an unknown one', async ({ assert }) => {
    const fake = new FakeTaxAuthority()
    const signed = await signedSample(fake)
    await fake.submit(signed, fakeIssuer())
    await fake.checkStatus({ authorityKey: signed.authorityKey }, fakeIssuer())
    assert.equal(
      await statusOf(fake.void({ authorityKey: signed.authorityKey }, 'error', fakeIssuer())),
      'voided'
    )
    assert.equal(
      await statusOf(fake.void({ authorityKey: 'nope' }, 'error', fakeIssuer())),
      'rejected'
    )
  })
})
