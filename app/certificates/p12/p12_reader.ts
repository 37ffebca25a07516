/*
|--------------------------------------------------------------------------
| P12 reader: parsing off the event loop
|--------------------------------------------------------------------------
|
| Opening a P12 derives keys from its password (thousands to a million
| hash rounds per key, in JavaScript) before anything else can be checked.
| In the web server and the queue worker that would stall every other
| request, so files are read in a small pool of worker threads (tinypool)
| and only the result comes back: the private key as a KeyObject and the
| certificates as DER, decoded again here (cheap, no key derivation).
|
| - The iteration counts are bounded by adapters/core/pkcs12.ts itself, so
|   the worst legitimate file is a few seconds of one worker's CPU; the
|   timeout below is the last line of defence.
| - At most two workers: one slow upload never queues every other
|   company's certificate behind it, and the web server keeps a core.
| - Idle workers are unreferenced (they never keep a process alive) and
|   stop after a minute; `close()` ends them when the app terminates.
|
*/
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Exception } from '@adonisjs/core/exceptions'
import Tinypool from 'tinypool'
import { TaxCertificateError } from '#adapters/core/errors'
import {
  pkcs12FromContents,
  type ParsePkcs12Options,
  type ParsedPkcs12,
} from '#adapters/core/pkcs12'
import type { P12Outcome, P12Task } from '#certificates/p12/p12_worker'

/** Longest a worker may spend on one file before it is stopped. */
export const P12_READ_TIMEOUT_MS = 60_000

/** Reading a P12 took longer than the reader allows; the worker was stopped. */
export class P12ReadTimeoutException extends Exception {
  static code = 'E_P12_READ_TIMEOUT'
  static status = 503
}

export interface P12ReaderOptions {
  timeoutMs?: number
  maxThreads?: number
  idleTimeoutMs?: number
}

/**
 * The worker entry next to this file. In development and tests the sources
 * run as .ts through the ts-node loader (the worker inherits the loader
 * flags), in the build as .js; the file's own extension tells which.
 */
const WORKER_FILE = new URL(
  `./p12_worker${extname(fileURLToPath(import.meta.url))}`,
  import.meta.url
)

export class P12Reader {
  #pool: Tinypool | null = null
  readonly #options: Required<P12ReaderOptions>

  constructor(options: P12ReaderOptions = {}) {
    this.#options = {
      timeoutMs: options.timeoutMs ?? P12_READ_TIMEOUT_MS,
      maxThreads: options.maxThreads ?? 2,
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    }
  }

  /**
   * `parsePkcs12` in a worker thread: same result, same `E_TAX_CERTIFICATE`
   * refusals, plus `E_P12_READ_TIMEOUT` when a worker runs out of time.
   */
  async read(
    bytes: Buffer | Uint8Array,
    password: string,
    options: ParsePkcs12Options = {}
  ): Promise<ParsedPkcs12> {
    const at = options.at === undefined ? new Date() : options.at
    const task: P12Task = { bytes: Uint8Array.from(bytes), password, at: at?.getTime() ?? null }
    let outcome: P12Outcome
    try {
      outcome = await this.#workers().run(task, {
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      })
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') {
        throw new P12ReadTimeoutException(
          `Reading the P12 took longer than ${this.#options.timeoutMs} ms`,
          { cause: error }
        )
      }
      throw error
    }
    if ('problem' in outcome) {
      const { reason, data, detail } = outcome.problem
      throw new TaxCertificateError(reason, { data, detail })
    }
    return pkcs12FromContents(outcome.contents)
  }

  /** Stops the workers (app shutdown). The reader starts new ones if used again. */
  async close() {
    const pool = this.#pool
    this.#pool = null
    await pool?.destroy()
  }

  #workers(): Tinypool {
    this.#pool ??= new Tinypool({
      filename: WORKER_FILE.href,
      minThreads: 0,
      maxThreads: this.#options.maxThreads,
      idleTimeout: this.#options.idleTimeoutMs,
      execArgv: workerExecArgv(process.execArgv),
    })
    return this.#pool
  }
}

/**
 * The process's Node flags minus the dev server's hot-reload hook, which
 * watches files and talks to its parent process: a parsing thread needs
 * only the TypeScript loader (when there is one).
 */
export function workerExecArgv(execArgv: string[]): string[] {
  const kept: string[] = []
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]
    if (arg.includes('hot-hook')) continue
    if ((arg === '--import' || arg === '--loader') && execArgv[i + 1]?.includes('hot-hook')) {
      i++
      continue
    }
    kept.push(arg)
  }
  return kept
}
