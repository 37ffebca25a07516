/*
 * How far Σ line IVA and the header IVA drift apart, by number of lines.
 * Arithmetic only (no signing, no I/O); the figures in
 * docs/adapters/ecuador-sri.md ("Rounding") come from:
 *
 *   node --import=ts-node-maintained/register/esm adapters/ecuador_sri/testing/rounding_survey.ts
 *
 * Documents are the seeded random invoices of random_documents.ts, so the
 * output is the same on every run.
 */
import { Decimal } from 'decimal.js'
import { computeDocument } from '#adapters/ecuador_sri/money'
import { randomInvoice, seededRandom } from '#adapters/ecuador_sri/testing/random_documents'

const SIZES = [1, 10, 40, 60, 100, 250, 500]
const DOCUMENTS = 300

process.stdout.write(
  'lines | documents | mean gap IVA 15 % | max |gap| | share with |gap| > 0.01\n'
)
for (const size of SIZES) {
  let sum = new Decimal(0)
  let max = new Decimal(0)
  let over = 0
  for (let index = 0; index < DOCUMENTS; index++) {
    const doc = randomInvoice(seededRandom(size * 100_000 + index), size, '2026-03-15')
    const group = computeDocument(doc).groups.find(
      (candidate) => candidate.codigo === '2' && candidate.codigoPorcentaje === '4'
    )
    const gap = group?.lineDifference ?? new Decimal(0)
    sum = sum.plus(gap)
    if (gap.abs().gt(max)) max = gap.abs()
    if (gap.abs().gt('0.01')) over++
  }
  const mean = sum.div(DOCUMENTS).toFixed(4)
  const share = ((over / DOCUMENTS) * 100).toFixed(0)
  process.stdout.write(`${size} | ${DOCUMENTS} | ${mean} | ${max.toFixed(2)} | ${share} %\n`)
}
