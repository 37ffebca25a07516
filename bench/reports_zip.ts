/*
|--------------------------------------------------------------------------
| One document ZIP in a process of its own
|--------------------------------------------------------------------------
|
|   node --import=ts-node-maintained/register/esm bench/reports_zip.ts \
|     --tenant <id> --from 2026-11-01 --to 2026-11-30
|
| Started by bench/reports.ts. Boots the application as a queue worker
| does, then builds the ZIP of the company's authorized documents of the
| period (BuildArchive, inside the company's tenant context) and prints
| JSON: the documents, the time, the resident memory once booted, its
| highest value while the ZIP was built (sampled every 10 ms) and the
| process's peak resident memory as the kernel counted it, boot included
| (`process.resourceUsage().maxRSS`, which no sampling interval can miss).
|
*/
import { performance } from 'node:perf_hooks'
import { DateTime } from 'luxon'
import { bootApp } from './boot_app.js'
import { flag } from './support.js'

const args = process.argv.slice(2)
const option = (name: string) => args[args.indexOf(`--${name}`) + 1]

const app = await bootApp()
const { asTenant } = await import('#tenancy/as_tenant')
const { default: BuildArchive } = await import('#reports/actions/build_archive')
const { default: DocumentArchive } = await import('#reports/models/document_archive')

const mb = (bytes: number) => Math.round(bytes / 1048576)
const result = await asTenant(flag('tenant', 0), async () => {
  const archive = await DocumentArchive.create({
    userId: null,
    status: 'queued',
    dateFrom: DateTime.fromISO(option('from')),
    dateTo: DateTime.fromISO(option('to')),
    includePdf: false,
    total: 0,
    done: 0,
    locale: 'es',
  })
  const booted = process.memoryUsage().rss
  let peakDuringBuild = booted
  const sampler = setInterval(() => {
    peakDuringBuild = Math.max(peakDuringBuild, process.memoryUsage().rss)
  }, 10)
  const started = performance.now()
  await new BuildArchive().handle(archive.id)
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  await archive.refresh()
  return {
    documents: archive.done,
    seconds: Math.round(seconds * 10) / 10,
    fileMb: mb(archive.fileSize ?? 0),
    rssBootedMb: mb(booted),
    rssPeakDuringBuildMb: mb(peakDuringBuild),
    // The whole process, boot included; maxRSS is in kilobytes.
    rssPeakMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }
})
console.log(JSON.stringify(result))
await app.terminate()
