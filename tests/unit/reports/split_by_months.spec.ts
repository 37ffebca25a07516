import { test } from '@japa/runner'
import { splitByMonths } from '#reports/queries/period_report'

const scope = (from: string, to: string) => ({ environment: 'test' as const, from, to })

test.group('A period split into whole months and the days around them', () => {
  test('whole months only', ({ assert }) => {
    assert.deepEqual(splitByMonths(scope('2026-01-01', '2026-03-31')), {
      months: { from: '2026-01-01', to: '2026-03-01' },
      edges: [],
    })
  })

  test('days before and after the whole months', ({ assert }) => {
    assert.deepEqual(splitByMonths(scope('2026-02-15', '2026-04-10')), {
      months: { from: '2026-03-01', to: '2026-03-01' },
      edges: [scope('2026-02-15', '2026-02-28'), scope('2026-04-01', '2026-04-10')],
    })
  })

  test('no whole month: the days themselves', ({ assert }) => {
    assert.deepEqual(splitByMonths(scope('2026-03-05', '2026-03-20')), {
      months: null,
      edges: [scope('2026-03-05', '2026-03-20')],
    })
    assert.deepEqual(splitByMonths(scope('2026-03-15', '2026-04-14')), {
      months: null,
      edges: [scope('2026-03-15', '2026-04-14')],
    })
  })

  test('a leap February ending the range', ({ assert }) => {
    assert.deepEqual(splitByMonths(scope('2028-01-20', '2028-02-29')), {
      months: { from: '2028-02-01', to: '2028-02-01' },
      edges: [scope('2028-01-20', '2028-01-31')],
    })
  })
})
