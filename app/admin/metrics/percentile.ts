/** A value seen `count` times (a histogram bucket). */
export interface WeightedValue {
  value: number
  count: number
}

/**
 * PostgreSQL's `percentile_cont(fraction)` over a histogram instead of the
 * rows themselves: the values, repeated `count` times and sorted, are
 * read at position fraction × (n − 1) with linear interpolation between
 * the two neighbours. Equal to percentile_cont over the expanded values;
 * null when there are none. `values` need not be sorted.
 */
export function weightedPercentile(values: WeightedValue[], fraction: number): number | null {
  const sorted = values.filter((item) => item.count > 0).sort((a, b) => a.value - b.value)
  const n = sorted.reduce((sum, item) => sum + item.count, 0)
  if (n === 0) return null
  const position = fraction * (n - 1)
  const lower = Math.floor(position)
  const at = (index: number) => {
    let seen = 0
    for (const item of sorted) {
      seen += item.count
      if (index < seen) return item.value
    }
    return sorted[sorted.length - 1].value
  }
  const low = at(lower)
  if (position === lower) return low
  return low + (position - lower) * (at(lower + 1) - low)
}
