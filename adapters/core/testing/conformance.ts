/*
|--------------------------------------------------------------------------
| TaxAuthority conformance suite
|
| The behaviour every country adapter must show, as Japa tests. A country
| passes it by registering a ConformanceFixture loader with the manager
| (see `adapters/core/tests/conformance.spec.ts`, which runs the suite for
| every registered country) or by calling `defineTaxAuthorityConformance`
| from its own spec.
|
| What it checks:
| - country data (identification types, tax categories) is well formed and
|   `validateIdentification` never throws; the profile's form defaults are
|   among the country's own tax categories and payment methods;
| - `validate` accepts the sample and returns issues, never throws, for
|   broken documents;
| - `buildDocument` is pure: same input, same bytes; input untouched; an
|   existing authority key is reused;
| - `sign` keeps the key and number and produces a body;
| - with a transport (simulator): submit/checkStatus result shapes, a
|   refusal is a value, an unreachable authority is a retryable
|   E_TAX_TRANSPORT, an unknown key is 'unknown' or 'pending';
| - `void` throws E_TAX_UNSUPPORTED when voiding is not offered;
| - `close()` can be called twice.
|--------------------------------------------------------------------------
*/
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import { TaxTransportError, TaxUnsupportedError } from '#adapters/core/errors'
import type { ConformanceFixture } from '#adapters/core/manager'
import type { TaxAuthority } from '#adapters/core/tax_authority'
import type {
  AuthorityMessage,
  IssuerContext,
  StatusResult,
  TaxDocument,
  ValidationIssue,
} from '#adapters/core/types'

export type { ConformanceFixture, ConformanceTransport } from '#adapters/core/manager'

let sequenceCounter = 0
/** Numbers unique within a test run (the simulators keep what they received). */
function nextSequence() {
  sequenceCounter++
  return 700_000 + sequenceCounter
}

function assertIssues(assert: Assert, issues: ValidationIssue[]) {
  assert.isArray(issues)
  for (const issue of issues) {
    assert.isString(issue.field)
    assert.match(issue.code, /^[a-z0-9_.]+$/)
    assert.isAbove(issue.message.es.length, 0)
    assert.isAbove(issue.message.en.length, 0)
    assert.oneOf(issue.severity, ['error', 'warning'])
  }
}

function assertMessages(assert: Assert, messages: AuthorityMessage[]) {
  assert.isArray(messages)
  for (const message of messages) {
    assert.isString(message.code)
    assert.isString(message.text)
    assert.oneOf(message.severity, ['error', 'warning', 'info'])
  }
}

/**
 * What is wrong with a country's profile defaults: each must be one of the
 * country's own active tax categories or payment methods, since forms
 * start from them. Empty when they are all offered.
 */
export function profileDefaultProblems(authority: TaxAuthority): string[] {
  const { taxCategory, paymentMethod, addedPaymentMethod } = authority.profile.defaults
  const categories = authority
    .taxCategories()
    .filter((category) => category.active)
    .map((category) => category.code)
  const methods = authority.paymentMethods().map((method) => method.code)
  const problems: string[] = []
  if (!categories.includes(taxCategory)) problems.push(`tax category ${taxCategory}`)
  for (const method of [paymentMethod, addedPaymentMethod]) {
    if (!methods.includes(method)) problems.push(`payment method ${method}`)
  }
  return problems
}

/**
 * What is wrong with a country's words (`profile.terms`) and its currency:
 * every shared page and e-mail prints them, so none may be empty, and a
 * currency display must be a code Intl can write. Empty when all is well.
 */
export function profileTermProblems(authority: TaxAuthority): string[] {
  const { terms, currency } = authority.profile
  const problems: string[] = []
  for (const [name, value] of Object.entries({
    'tax': terms.tax,
    'printedDocument': terms.printedDocument,
    'taxId': terms.taxId,
    'documentKey.es': terms.documentKey.es,
    'documentKey.en': terms.documentKey.en,
    'authorityFullName.es': terms.authorityFullName.es,
    'authorityFullName.en': terms.authorityFullName.en,
  })) {
    if (!value?.trim()) problems.push(`empty ${name}`)
  }
  if (!['masculine', 'feminine'].includes(terms.authorityGender)) {
    problems.push(`authorityGender ${terms.authorityGender}`)
  }
  for (const code of [currency.code, currency.display].filter(Boolean)) {
    try {
      new Intl.NumberFormat(currency.locale, { style: 'currency', currency: code })
    } catch {
      problems.push(`currency ${code}`)
    }
  }
  return problems
}

async function withAuthority<T>(
  create: () => TaxAuthority | Promise<TaxAuthority>,
  run: (authority: TaxAuthority) => Promise<T>
): Promise<T> {
  const authority = await create()
  try {
    return await run(authority)
  } finally {
    await authority.close()
  }
}

async function pollStatus(
  authority: TaxAuthority,
  key: string,
  issuer: IssuerContext,
  attempts: number,
  delayMs: number
): Promise<StatusResult> {
  let status = await authority.checkStatus({ authorityKey: key }, issuer)
  for (let i = 1; i < attempts && status.status === 'pending'; i++) {
    await sleep(delayMs)
    status = await authority.checkStatus({ authorityKey: key }, issuer)
  }
  return status
}

/** Registers the conformance tests for one adapter. */
export function defineTaxAuthorityConformance(fixture: ConformanceFixture) {
  test.group(`TaxAuthority conformance | ${fixture.name}`, () => {
    test('declares its country and capabilities', async ({ assert }) => {
      await withAuthority(fixture.create, async (authority) => {
        assert.match(authority.country, /^[A-Z]{2}$/)
        assert.oneOf(authority.capabilities.signing, ['local', 'remote'])
        assert.oneOf(authority.capabilities.authorization, ['sync', 'async'])
        assert.isBoolean(authority.capabilities.voiding)
        assert.isAbove(authority.capabilities.documentTypes.length, 0)
        for (const type of authority.capabilities.documentTypes) {
          assert.oneOf(type, ['invoice', 'credit_note'])
        }
      })
    })

    test('exposes identification types and tax categories for catalog forms', async ({
      assert,
    }) => {
      await withAuthority(fixture.create, async (authority) => {
        const types = authority.identificationTypes()
        assert.isAbove(types.length, 0)
        assert.lengthOf(new Set(types.map((type) => type.code)), types.length)
        for (const type of types) {
          assert.isAbove(type.label.es.length, 0)
          assert.isAbove(type.label.en.length, 0)
          for (const junk of ['', 'abc', '0'.repeat(40), '<x/>']) {
            const issues = authority.validateIdentification(type.code, junk)
            assertIssues(assert, issues)
          }
        }
        assertIssues(assert, authority.validateIdentification('no-such-type', '123'))
        assert.isAbove(authority.validateIdentification('no-such-type', '123').length, 0)

        const categories = authority.taxCategories()
        assert.isAbove(categories.filter((category) => category.active).length, 0)
        assert.lengthOf(new Set(categories.map((category) => category.code)), categories.length)
        for (const category of categories) {
          assert.match(category.rate, /^\d+(\.\d+)?$/)
          assert.oneOf(category.kind, ['vat', 'excise', 'other'])
        }
        assert.deepEqual(profileDefaultProblems(authority), [])
        assert.deepEqual(profileTermProblems(authority), [])
      })
    })

    test('validate accepts the sample document', async ({ assert }) => {
      await withAuthority(fixture.create, async (authority) => {
        const issuer = await fixture.issuer()
        const issues = await authority.validate(fixture.sampleDocument(nextSequence()), issuer)
        assertIssues(assert, issues)
        assert.deepEqual(
          issues.filter((issue) => issue.severity === 'error'),
          [],
          'the sample document must be valid'
        )
      })
    })

    test('validate returns issues for broken documents instead of throwing', async ({ assert }) => {
      await withAuthority(fixture.create, async (authority) => {
        const issuer = await fixture.issuer()
        const sample = fixture.sampleDocument(nextSequence())
        const broken: Array<[string, TaxDocument]> = [
          ['no lines', { ...sample, lines: [] }],
          ['negative quantity', { ...sample, lines: [{ ...sample.lines[0], quantity: '-1' }] }],
          [
            'quantity not a number',
            { ...sample, lines: [{ ...sample.lines[0], quantity: 'abc' }] },
          ],
          [
            'unknown tax category',
            { ...sample, lines: [{ ...sample.lines[0], taxCategory: 'nope' }] },
          ],
          ['empty buyer id', { ...sample, buyer: { ...sample.buyer, identification: '' } }],
          [
            'unknown buyer id type',
            { ...sample, buyer: { ...sample.buyer, identificationType: '??' } },
          ],
        ]
        for (const [label, doc] of broken) {
          const issues = await authority.validate(doc, issuer)
          assertIssues(assert, issues)
          assert.isAbove(
            issues.filter((issue) => issue.severity === 'error').length,
            0,
            `${label}: expected at least one error`
          )
        }
      })
    })

    test('buildDocument is deterministic and leaves its input untouched', async ({ assert }) => {
      await withAuthority(fixture.create, async (authority) => {
        const issuer = await fixture.issuer()
        const doc = fixture.sampleDocument(nextSequence())
        const snapshot = structuredClone(doc)
        const first = await authority.buildDocument(doc, issuer)
        const second = await authority.buildDocument(doc, issuer)
        assert.deepEqual(doc, snapshot)
        assert.equal(first.body, second.body)
        assert.equal(first.authorityKey, second.authorityKey)
        assert.isAbove(first.authorityKey.length, 0)
        assert.equal(first.country, authority.country)
        assert.equal(first.documentType, 'invoice')
        assert.match(first.totals.total, /^-?\d+\.\d{2}$/)

        const rebuilt = await authority.buildDocument(
          { ...doc, authorityKey: first.authorityKey },
          issuer
        )
        assert.equal(rebuilt.authorityKey, first.authorityKey)
        assert.equal(rebuilt.body, first.body)
      })
    })

    test('buildDocument builds credit notes when offered', async ({ assert }) => {
      await withAuthority(fixture.create, async (authority) => {
        const offered = authority.capabilities.documentTypes.includes('credit_note')
        if (!offered || !fixture.sampleCreditNote) {
          assert.notInclude(authority.capabilities.documentTypes, 'credit_note')
          return
        }
        const issuer = await fixture.issuer()
        const note = fixture.sampleCreditNote(nextSequence())
        const issues = await authority.validate(note, issuer)
        assert.deepEqual(
          issues.filter((issue) => issue.severity === 'error'),
          []
        )
        const built = await authority.buildDocument(note, issuer)
        assert.equal(built.documentType, 'credit_note')
        const again = await authority.buildDocument(note, issuer)
        assert.equal(again.body, built.body)
      })
    })

    test('sign keeps the key and number and returns a body', async ({ assert }) => {
      await withAuthority(fixture.create, async (authority) => {
        const issuer = await fixture.issuer()
        const built = await authority.buildDocument(fixture.sampleDocument(nextSequence()), issuer)
        const signed = await authority.sign(built, issuer)
        assert.equal(signed.authorityKey, built.authorityKey)
        assert.equal(signed.number, built.number)
        assert.equal(signed.documentType, built.documentType)
        assert.equal(signed.contentType, built.contentType)
        assert.isFalse(Number.isNaN(Date.parse(signed.signedAt)))
        if (authority.capabilities.signing === 'local') {
          assert.notEqual(signed.body, built.body)
          assert.isAbove(signed.body.length, built.body.length)
        }
      })
    })

    test('void is refused with E_TAX_UNSUPPORTED unless voiding is offered', async ({ assert }) => {
      await withAuthority(fixture.create, async (authority) => {
        if (authority.capabilities.voiding) {
          assert.isTrue(authority.capabilities.voiding)
          return
        }
        const issuer = await fixture.issuer()
        await assert.rejects(
          () => authority.void({ authorityKey: '1'.repeat(10) }, 'test', issuer),
          TaxUnsupportedError
        )
      })
    })

    test('close can be called twice', async ({ assert }) => {
      const authority = await fixture.create()
      await authority.close()
      await authority.close()
      assert.isTrue(true, 'no exception')
    })
  })

  const transport = fixture.transport
  if (!transport) return

  test.group(`TaxAuthority conformance | ${fixture.name} | transport`, (group) => {
    group.setup(async () => {
      await transport.setup?.()
      return () => transport.teardown?.()
    })
    const attempts = transport.pollAttempts ?? 20
    const delay = transport.pollDelayMs ?? 100

    test('submit then checkStatus reaches authorized', async ({ assert }) => {
      await withAuthority(transport.create, async (authority) => {
        const issuer = await fixture.issuer()
        const built = await authority.buildDocument(fixture.sampleDocument(nextSequence()), issuer)
        const signed = await authority.sign(built, issuer)

        const submitted = await authority.submit(signed, issuer)
        assert.oneOf(submitted.status, ['received', 'accepted'])
        assertMessages(assert, submitted.messages)
        assert.isString(submitted.raw)

        const status = await pollStatus(authority, signed.authorityKey, issuer, attempts, delay)
        assertMessages(assert, status.messages)
        assert.isString(status.raw)
        assert.equal(status.status, 'authorized')
        assert.isString(status.authorizationNumber)
        assert.instanceOf(status.authorizedAt, Date)
      })
    }).timeout(30_000)

    test('a refused document is a result, not an exception', async ({ assert }) => {
      await withAuthority(transport.create, async (authority) => {
        const issuer = await fixture.issuer()
        const built = await authority.buildDocument(fixture.sampleDocument(nextSequence()), issuer)
        const spoiled = transport.spoil(await authority.sign(built, issuer))

        const submitted = await authority.submit(spoiled, issuer)
        assertMessages(assert, submitted.messages)
        if (submitted.status === 'rejected') {
          assert.isAbove(submitted.messages.length, 0)
          return
        }
        const status = await pollStatus(authority, spoiled.authorityKey, issuer, attempts, delay)
        assert.equal(status.status, 'rejected')
        assert.isAbove(status.messages.length, 0)
        assertMessages(assert, status.messages)
      })
    }).timeout(30_000)

    test('an unreachable authority throws a retryable E_TAX_TRANSPORT', async ({ assert }) => {
      await withAuthority(transport.createUnreachable, async (authority) => {
        const issuer = await fixture.issuer()
        const built = await authority.buildDocument(fixture.sampleDocument(nextSequence()), issuer)
        const signed = await authority.sign(built, issuer)

        for (const call of [
          () => authority.submit(signed, issuer),
          () => authority.checkStatus({ authorityKey: signed.authorityKey }, issuer),
        ]) {
          try {
            await call()
            assert.fail('expected E_TAX_TRANSPORT')
          } catch (error) {
            assert.instanceOf(error, TaxTransportError)
            assert.equal((error as TaxTransportError).code, 'E_TAX_TRANSPORT')
            assert.isTrue((error as TaxTransportError).retryable)
          }
        }
      })
    }).timeout(30_000)

    test('checkStatus of a key never submitted answers unknown or pending', async ({ assert }) => {
      await withAuthority(transport.create, async (authority) => {
        const issuer = await fixture.issuer()
        const built = await authority.buildDocument(fixture.sampleDocument(nextSequence()), issuer)
        const status = await authority.checkStatus({ authorityKey: built.authorityKey }, issuer)
        assert.oneOf(status.status, ['unknown', 'pending'])
        assertMessages(assert, status.messages)
      })
    }).timeout(30_000)
  })
}
