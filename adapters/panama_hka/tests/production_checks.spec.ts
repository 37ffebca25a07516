import { test } from '@japa/runner'
import type { IssuerContext, ProductionFacts, QuotaResult } from '#adapters/core/types'
import { TaxTransportError } from '#adapters/core/errors'
import { PanamaAuthority } from '#adapters/panama_hka/panama_authority'

/** The adapter with FoliosRestantes answered by the test (the transport is tested elsewhere). */
class AnsweredQuota extends PanamaAuthority {
  asked: IssuerContext[] = []
  constructor(private readonly answer: () => Promise<QuotaResult>) {
    super()
  }
  async quota(issuer: IssuerContext) {
    this.asked.push(issuer)
    return this.answer()
  }
}

function facts(tokens?: { tokenEmpresa: string; tokenPassword: string }): ProductionFacts {
  const identity = {
    taxId: '155596713-2-2015',
    legalName: 'Ferretería del Istmo',
    headOfficeAddress: 'Panamá',
  }
  return {
    identity,
    certificate: null,
    establishments: [],
    production: { identity, environment: 'production', credentials: tokens ? { tokens } : {} },
    now: new Date('2026-12-06T12:00:00Z'),
  }
}
const tokens = { tokenEmpresa: 'prod-empresa', tokenPassword: 'prod-clave' }

test.group('HKA pre-flight before production', () => {
  test('production tokens that FoliosRestantes accepts, with folios left, pass', async ({
    assert,
  }) => {
    const authority = new AnsweredQuota(async () => ({
      status: 'ok',
      available: 940,
      messages: [],
      raw: '',
    }))
    const [check] = await authority.productionChecks(facts(tokens))
    assert.isTrue(check.ok)
    assert.equal(check.code, 'pac_production_tokens')
    assert.equal(check.detail?.es, 'Folios disponibles: 940.')
    // Asked in production, with the production tokens.
    assert.equal(authority.asked[0].environment, 'production')
    assert.deepEqual(authority.asked[0].credentials.tokens, tokens)
  })

  test('no production tokens fail without asking the PAC', async ({ assert }) => {
    const authority = new AnsweredQuota(async () => {
      throw new Error('not asked')
    })
    const [check] = await authority.productionChecks(facts())
    assert.isFalse(check.ok)
    assert.equal(check.fix, 'credentials')
    assert.equal(check.detail?.es, 'No hay tokens de producción guardados.')
    assert.lengthOf(authority.asked, 0)
  })

  test('tokens the PAC refuses, no folios left or no answer fail, with the reason', async ({
    assert,
  }) => {
    const refused = new AnsweredQuota(async () => ({
      status: 'rejected',
      messages: [{ code: '102', text: 'Token inválido', severity: 'error' }],
      raw: '',
    }))
    const [one] = await refused.productionChecks(facts(tokens))
    assert.isFalse(one.ok)
    assert.include(one.detail!.es, 'Token inválido')

    const empty = new AnsweredQuota(async () => ({
      status: 'ok',
      available: 0,
      messages: [],
      raw: '',
    }))
    const [two] = await empty.productionChecks(facts(tokens))
    assert.isFalse(two.ok)
    assert.equal(two.detail?.en, 'No folios are left in this cycle.')

    const down = new AnsweredQuota(async () => {
      throw new TaxTransportError('HKA unreachable')
    })
    const [three] = await down.productionChecks(facts(tokens))
    assert.isFalse(three.ok)
    assert.include(three.detail!.es, 'El PAC no respondió')
    // The tokens never reach the message.
    assert.notInclude(JSON.stringify([one, two, three]), 'prod-clave')
  })
})
