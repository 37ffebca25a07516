/*
 * HTTP server entry point.
 *
 * WEB_CONCURRENCY=N (default 1) runs N server processes sharing the port
 * through node:cluster, one per core: a request's CPU work (session, XML
 * build, signature) then uses every core. The primary process only forks,
 * restarts a worker that dies, and passes SIGTERM/SIGINT on.
 */
import 'reflect-metadata'
import cluster from 'node:cluster'
import { Ignitor, prettyPrintError } from '@adonisjs/core'

const APP_ROOT = new URL('../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

const workers = Math.max(1, Number.parseInt(process.env.WEB_CONCURRENCY ?? '1', 10) || 1)

function serve() {
  new Ignitor(APP_ROOT, { importer: IMPORTER })
    .tap((app) => {
      app.booting(async () => {
        await import('#start/env')
      })
      app.listen('SIGTERM', () => app.terminate())
      app.listen('SIGINT', () => app.terminate())
    })
    .httpServer()
    .start()
    .catch((error) => {
      process.exitCode = 1
      prettyPrintError(error)
    })
}

if (workers > 1 && cluster.isPrimary) {
  let stopping = false
  const restarts: number[] = []
  const stop = (signal: NodeJS.Signals) => {
    stopping = true
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal)
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  cluster.on('exit', (worker, code) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
      return
    }
    // A worker that cannot start (port taken, bad config) must not loop forever.
    const now = Date.now()
    restarts.push(now)
    while (restarts.length && restarts[0] < now - 60_000) restarts.shift()
    if (restarts.length > 5) {
      console.error('server processes keep ending; giving up')
      stop('SIGTERM')
      process.exitCode = 1
      return
    }
    console.error(`server process ${worker.process.pid} ended (${code}); starting another`)
    cluster.fork()
  })
  for (let index = 0; index < workers; index++) cluster.fork()
} else {
  serve()
}
