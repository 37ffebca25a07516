import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { parsePeriod } from '#reports/period'

const today = DateTime.fromISO('2026-02-17', { zone: 'UTC' })

test.group('Report periods', () => {
  test('the current month by default, February of a non-leap year', ({ assert }) => {
    assert.deepInclude(parsePeriod({}, today), {
      period: {
        kind: 'month',
        from: '2026-02-01',
        to: '2026-02-28',
        month: '2026-02',
        quarter: '',
      },
      error: null,
    })
  })

  test('quarters and leap years', ({ assert }) => {
    assert.include(parsePeriod({ period: 'quarter', quarter: '2024-Q1' }, today).period, {
      from: '2024-01-01',
      to: '2024-03-31',
    })
    assert.include(parsePeriod({ period: 'quarter', quarter: '2026-Q4' }, today).period, {
      from: '2026-10-01',
      to: '2026-12-31',
    })
    assert.include(parsePeriod({ period: 'month', month: '2024-02' }, today).period, {
      to: '2024-02-29',
    })
  })

  test('custom ranges: order, length, impossible dates', ({ assert }) => {
    assert.isNull(
      parsePeriod({ period: 'custom', from: '2025-02-18', to: '2026-02-17' }, today).error
    )
    assert.equal(
      parsePeriod({ period: 'custom', from: '2025-02-17', to: '2026-02-18' }, today).error,
      'reports.errors.period_too_long'
    )
    assert.equal(
      parsePeriod({ period: 'custom', from: '2026-02-30', to: '2026-03-01' }, today).error,
      'reports.errors.period_invalid'
    )
    assert.equal(
      parsePeriod({ period: 'custom', from: ['x'], to: '2026-03-01' }, today).error,
      'reports.errors.period_invalid'
    )
  })
})
