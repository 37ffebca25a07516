import { test } from '@japa/runner'
import { weightedPercentile } from '#admin/metrics/percentile'

/** PostgreSQL's percentile_cont over plain values (linear interpolation). */
function percentileCont(values: number[], fraction: number) {
  const sorted = [...values].sort((a, b) => a - b)
  const position = fraction * (sorted.length - 1)
  const lower = Math.floor(position)
  const upper = Math.min(lower + 1, sorted.length - 1)
  return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower])
}

test.group('Percentiles over a histogram', () => {
  test('known answers: 10, 20, 30, 100 seconds', ({ assert }) => {
    const values = [10, 20, 30, 100].map((value) => ({ value, count: 1 }))
    assert.equal(weightedPercentile(values, 0.5), 25)
    assert.closeTo(weightedPercentile(values, 0.95)!, 89.5, 1e-9)
    assert.equal(weightedPercentile([{ value: 60, count: 1 }], 0.95), 60)
    assert.isNull(weightedPercentile([], 0.5))
    assert.isNull(weightedPercentile([{ value: 5, count: 0 }], 0.5))
  })

  test('equals percentile_cont of the values repeated, in any order', ({ assert }) => {
    let seed = 7
    const random = () => {
      seed = (seed * 16807) % 2147483647
      return seed / 2147483647
    }
    for (let round = 0; round < 50; round++) {
      const buckets = Array.from({ length: 1 + Math.floor(random() * 20) }, () => ({
        value: Math.round(random() * 1000) / 10,
        count: 1 + Math.floor(random() * 5),
      }))
      const expanded = buckets.flatMap((bucket) => Array(bucket.count).fill(bucket.value))
      for (const fraction of [0, 0.5, 0.95, 1]) {
        assert.closeTo(
          weightedPercentile(buckets, fraction)!,
          percentileCont(expanded, fraction),
          1e-9
        )
      }
    }
  })
})
