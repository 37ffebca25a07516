import { test } from '@japa/runner'
import { canTransition, isFinal, sourcesOf } from '#documents/state_machine'
import { computeTotals } from '#documents/totals'
import app from '@adonisjs/core/services/app'
import { DEFAULT_SCHEDULE, PipelineSchedule } from '#tax/backoff'

test.group('Document state machine', () => {
  test('allows the lifecycle and nothing out of final states', ({ assert }) => {
    assert.isTrue(canTransition('DRAFT', 'ISSUED'))
    assert.isTrue(canTransition('ISSUED', 'SUBMITTED'))
    assert.isTrue(canTransition('ISSUED', 'PENDING'))
    assert.isTrue(canTransition('PENDING', 'AUTHORIZED'))
    assert.isTrue(canTransition('SUBMITTED', 'REJECTED'))
    assert.isFalse(canTransition('DRAFT', 'AUTHORIZED'))
    assert.isFalse(canTransition('AUTHORIZED', 'AUTHORIZED'))
    assert.isFalse(canTransition('AUTHORIZED', 'REJECTED'))
    assert.isFalse(canTransition('REJECTED', 'SUBMITTED'))
    assert.isTrue(isFinal('AUTHORIZED'))
    assert.isTrue(isFinal('REJECTED'))
    // The compare-and-set source list never contains AUTHORIZED: a second authorization updates no row.
    assert.notInclude(sourcesOf('AUTHORIZED'), 'AUTHORIZED')
    assert.sameMembers(sourcesOf('AUTHORIZED'), ['ISSUED', 'SUBMITTED', 'PENDING'])
  })

  test('only an authorized document can be voided, and voided is final', ({ assert }) => {
    assert.deepEqual(sourcesOf('VOIDED'), ['AUTHORIZED'])
    assert.isFalse(canTransition('REJECTED', 'VOIDED'))
    assert.isFalse(canTransition('PENDING', 'VOIDED'))
    assert.isFalse(canTransition('VOIDED', 'AUTHORIZED'))
    assert.isFalse(canTransition('VOIDED', 'VOIDED'))
    assert.isTrue(isFinal('VOIDED'))
  })
})

test.group('Document totals', () => {
  test('rounds lines and grouped taxes half-up like the SRI builder', ({ assert }) => {
    const totals = computeTotals(
      [
        { quantity: '1', unitPrice: '120.00', discount: '0', taxCategory: 'iva_15' },
        { quantity: '2', unitPrice: '20,50', taxCategory: 'iva_0' },
        { quantity: '3', unitPrice: '0.335', discount: '0.01', taxCategory: 'iva_15' },
      ],
      { iva_15: '15', iva_0: '0' }
    )
    // 3 × 0.335 = 1.005 − 0.01 = 0.995 → 1.00 (half up)
    assert.deepEqual(totals.lines, ['120.00', '41.00', '1.00'])
    assert.equal(totals.subtotal, '162.00')
    assert.equal(totals.discount, '0.01')
    const iva15 = totals.taxes.find((item) => item.category === 'iva_15')!
    assert.equal(iva15.base, '121.00')
    assert.equal(iva15.amount, '18.15')
    assert.equal(totals.total, '180.15')
  })

  test('unreadable input counts as zero instead of throwing (the validator reports it)', ({
    assert,
  }) => {
    const totals = computeTotals([{ quantity: 'abc', unitPrice: '10', taxCategory: 'x' }], {})
    assert.equal(totals.total, '0.00')
  })
})

test.group('Retry and polling backoff', () => {
  test('grows exponentially and stops at the cap', async ({ assert }) => {
    const schedule = await app.container.make(PipelineSchedule)
    assert.deepEqual(schedule.settings, DEFAULT_SCHEDULE)
    assert.equal(schedule.retryDelay(1), 2_000)
    assert.equal(schedule.retryDelay(2), 4_000)
    assert.equal(schedule.retryDelay(3), 8_000)
    assert.equal(schedule.retryDelay(50), 5 * 60_000)
    assert.equal(schedule.pollDelay(1), 1_000)
    assert.equal(schedule.pollDelay(40), 30 * 60_000)
    assert.equal(schedule.pollWindowMs, 24 * 3600_000)
  })

  test("tests swap the container's schedule instead of changing a module", async ({ assert }) => {
    app.container.swap(PipelineSchedule, () => new PipelineSchedule({ pollBaseMs: 10 }))
    try {
      const fast = await app.container.make(PipelineSchedule)
      assert.equal(fast.pollDelay(2), 20)
      assert.equal(fast.retryDelay(1), 2_000)
    } finally {
      app.container.restore(PipelineSchedule)
    }
    const restored = await app.container.make(PipelineSchedule)
    assert.equal(restored.pollDelay(2), 2_000)
  })
})
