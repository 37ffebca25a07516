/*
|--------------------------------------------------------------------------
| SRI signing benchmark
|--------------------------------------------------------------------------
|
|   node --import=ts-node-maintained/register/esm bench/sri_sign.ts [--iterations 5000]
|
| Measures, on one core (everything here runs on the main thread):
| - sign only: XAdES-BES signature of an already built 10-line factura;
| - build + sign: clave de acceso, arithmetic, XML and signature;
| - the raw RSA-2048 SHA-1 signature alone, as the ceiling.
| The certificate is a test P12 (RSA 2048) generated at start. Results are
| written up in docs/performance.md.
|
*/
import { cpus, loadavg } from 'node:os'
import { sign as rsaSign } from 'node:crypto'
import { SriAuthority } from '#adapters/ecuador_sri/sri_authority'
import { sampleIssuer, tenLineInvoice } from '#adapters/ecuador_sri/testing/fixtures'

const iterationsFlag = process.argv.indexOf('--iterations')
const iterations = iterationsFlag > 0 ? Number(process.argv[iterationsFlag + 1]) : 5000

const issuer = sampleIssuer()
const authority = new SriAuthority()
const documents = Array.from({ length: 64 }, (_, index) => tenLineInvoice(index + 1))
const built = await authority.buildDocument(documents[0], issuer)

async function measure(label: string, run: (i: number) => Promise<unknown> | unknown) {
  for (let i = 0; i < Math.min(1000, iterations); i++) await run(i) // warm-up (JIT, caches)
  const started = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) await run(i)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const perSecond = iterations / seconds
  console.log(
    `${label.padEnd(34)} ${perSecond.toFixed(0).padStart(6)} docs/s   ${((seconds / iterations) * 1000).toFixed(3)} ms/doc`
  )
  return perSecond
}

console.log(
  `Node ${process.version} · ${cpus()[0]?.model ?? 'unknown CPU'} · ${cpus().length} cores · load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`
)
console.log(
  `10-line factura 2.1.0, ${Buffer.byteLength(built.body)} bytes unsigned; ${iterations} iterations each\n`
)

const key = issuer.credentials.signing!.privateKey
const signedInfoSized = 'x'.repeat(1200)
await measure('RSA-2048 SHA-1 signature only', () =>
  rsaSign('sha1', Buffer.from(signedInfoSized), key)
)
const signOnly = await measure('sign (XAdES-BES)', () => authority.sign(built, issuer))
const buildAndSign = await measure('build + sign', async (i) =>
  authority.sign(await authority.buildDocument(documents[i % documents.length], issuer), issuer)
)

const target = 1500
console.log(
  `\nTarget ≥ ${target}/s per core: sign ${signOnly >= target ? 'met' : 'NOT met'}, build + sign ${buildAndSign >= target ? 'met' : 'NOT met'}`
)
