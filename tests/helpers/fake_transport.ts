/*
|--------------------------------------------------------------------------
| An authority with its transport in memory
|--------------------------------------------------------------------------
|
| For specs that issue documents and run the pipeline but do not test how
| Facturo talks to an authority (the simulator specs do that: SOAP, faults,
| timeouts). Everything that is not transport stays the registered
| adapter's own: validation, the built and signed document (the SRI XML
| signed with the test certificate), error explanations and country rules.
| `submit` and `checkStatus` are answered in memory: a document is received
| and authorized at its first status check, unless the test scripts a
| rejection for its key. Nothing listens on a port.
|
|   const transport = fakeTransport(tax.use('EC'))
|   tax.fake('EC', transport.authority)
|
*/
import type { TaxAuthority } from '#adapters/core/tax_authority'
import type {
  AuthorityMessage,
  DocumentRef,
  SignedDocument,
  StatusResult,
  SubmitResult,
} from '#adapters/core/types'

interface Received {
  signed: SignedDocument
  at: Date
}

export interface FakeTransport {
  /** The adapter to register with `tax.fake(country, …)`. */
  authority: TaxAuthority
  /** Documents received, by authority key. */
  received: Map<string, Received>
  /** How many times each transport call ran. */
  calls: { submit: number; checkStatus: number }
  /** The authority refuses this key at its status check, with these messages. */
  rejectAtStatus(authorityKey: string, messages: AuthorityMessage[]): void
  /** Forgets what was received and scripted. */
  reset(): void
}

export function fakeTransport(real: TaxAuthority): FakeTransport {
  const received = new Map<string, Received>()
  const rejections = new Map<string, AuthorityMessage[]>()
  const calls = { submit: 0, checkStatus: 0 }

  async function submit(signed: SignedDocument): Promise<SubmitResult> {
    calls.submit++
    if (!received.has(signed.authorityKey)) {
      received.set(signed.authorityKey, { signed, at: new Date() })
    }
    return { status: 'received', messages: [], raw: '<fakeTransport>RECIBIDA</fakeTransport>' }
  }

  async function checkStatus(ref: DocumentRef): Promise<StatusResult> {
    calls.checkStatus++
    const entry = received.get(ref.authorityKey)
    if (!entry) return { status: 'unknown', messages: [], raw: '<fakeTransport/>' }
    const refusal = rejections.get(ref.authorityKey)
    if (refusal) {
      return {
        status: 'rejected',
        messages: refusal,
        raw: '<fakeTransport>RECHAZADA</fakeTransport>',
      }
    }
    return {
      status: 'authorized',
      authorizationNumber: ref.authorityKey,
      authorizedAt: entry.at,
      authorizedDocument: entry.signed.body,
      messages: [],
      raw: '<fakeTransport>AUTORIZADO</fakeTransport>',
    }
  }

  // Every other member is the real adapter's, called on the real instance
  // (its private fields and caches stay its own).
  const authority = new Proxy(real, {
    get(target, property) {
      if (property === 'submit') return submit
      if (property === 'checkStatus') return checkStatus
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })

  return {
    authority,
    received,
    calls,
    rejectAtStatus(authorityKey, messages) {
      rejections.set(authorityKey, messages)
    },
    reset() {
      received.clear()
      rejections.clear()
      calls.submit = 0
      calls.checkStatus = 0
    },
  }
}
