import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import tax from '#adapters/core/services/tax'
import { voidingRule } from '#documents/voiding'

const authorizedAt = DateTime.fromISO('2026-03-02T15:00:00Z')
const authorized = { status: 'AUTHORIZED' as const, authorizedAt }

test.group('Voiding rule (from the country adapter)', () => {
  test('Panama: the authority voids within its 7 days, with a reason of 15 to 250 characters', ({
    assert,
  }) => {
    const rule = voidingRule(tax.use('PA'), authorized, new Date('2026-03-09T14:59:00Z'))
    assert.isTrue(rule.allowed)
    assert.equal(rule.until?.toISOString(), '2026-03-09T15:00:00.000Z')
    assert.deepEqual(rule.allowed && rule.reason, { min: 15, max: 250 })

    const late = voidingRule(tax.use('PA'), authorized, new Date('2026-03-09T15:01:00Z'))
    assert.isFalse(late.allowed)
    assert.equal(!late.allowed && late.why, 'void_window_closed')
    assert.equal(!late.allowed && late.data.days, 7)

    const rejected = voidingRule(tax.use('PA'), { status: 'REJECTED', authorizedAt: null })
    assert.equal(!rejected.allowed && rejected.why, 'void_not_authorized')
  })

  test('Ecuador: a credit note voids, and the rule carries the explanation', ({ assert }) => {
    const rule = voidingRule(tax.use('EC'), authorized, new Date('2026-03-03T00:00:00Z'))
    assert.isFalse(rule.allowed)
    assert.equal(!rule.allowed && rule.why, 'void_by_credit_note')
    const explanation = !rule.allowed && (rule.data.explanation as { es: string })
    assert.equal(explanation && explanation.es, tax.use('EC').profile.voiding.explanation.es)
  })
})
