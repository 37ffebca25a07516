import { Writable } from 'node:stream'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import { Logger } from '@adonisjs/core/logger'

/**
 * Sends the application log (every level) into memory until `restore()`,
 * through the app's own logger configuration (its redaction included):
 * `text()` is the raw pino output, `entries()` the parsed lines.
 */
export function captureApplicationLog() {
  const lines: string[] = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString())
      done()
    },
  })
  const config = app.config.get<any>('logger').loggers.app
  // Same options, without the transport (a worker thread writing to stdout).
  const options = { ...config }
  delete options.transport
  const capture = new Logger({ ...options, level: 'trace', desination: sink } as any)
  // The logger service is itself a logger (requests log through its
  // children) and also hands out the named default one: capture both.
  const targets = [logger, logger.use()] as unknown as Array<{ pino: unknown }>
  const originals = targets.map((target) => target.pino)
  for (const target of targets) target.pino = capture.pino
  return {
    text: () => lines.join(''),
    entries: () =>
      lines
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: number; msg?: string; err?: unknown }),
    restore: () => targets.forEach((target, index) => (target.pino = originals[index])),
  }
}
