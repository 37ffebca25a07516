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
| - The iteration counts are bounded by adapters/core/pkcs12.ts itself:
|   real files take a fraction of a second, a file at the limits about
|   half a minute of one worker's CPU; the timeout below is the last line
|   of defence.
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
  /** The worker module; defaults to p12_worker next to this file (tests point it elsewhere). */
  workerFile?: URL
}

/**
 * The worker entry next to this file. In development and tests the sources
 * run as .ts through the ts-node loader, in the build as .js; the file's
 * own extension tells which.
 */
const SOURCE_EXTENSION = extname(fileURLToPath(import.meta.url))
const WORKER_FILE = new URL(`./p12_worker${SOURCE_EXTENSION}`, import.meta.url)

/**
 * The TypeScript loader of package.json's scripts and ace.js. ace.js
 * registers it at run time, so a `node ace …` process (the queue worker,
 * the seeder) does not have it in its flags and the worker is given it.
 */
const TS_LOADER_FLAG = '--import=ts-node-maintained/register/esm'

/** A worker thread could not start (a deployment problem, not the file's). */
export class P12WorkerException extends Exception {
  static code = 'E_P12_WORKER'
  static status = 500
}

interface Workers {
  pool: Tinypool
  /** Rejections of the reads in flight, for when a worker cannot even start. */
  pending: Set<(error: Error) => void>
}

export class P12Reader {
  #workers: Workers | null = null
  readonly #options: Required<P12ReaderOptions>

  constructor(options: P12ReaderOptions = {}) {
    this.#options = {
      timeoutMs: options.timeoutMs ?? P12_READ_TIMEOUT_MS,
      maxThreads: options.maxThreads ?? 2,
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
      workerFile: options.workerFile ?? WORKER_FILE,
    }
  }

  /**
   * `parsePkcs12` in a worker thread: same result, same `E_TAX_CERTIFICATE`
   * refusals, plus `E_P12_READ_TIMEOUT` when a worker runs out of time and
   * `E_P12_WORKER` when one cannot start.
   */
  async read(
    bytes: Buffer | Uint8Array,
    password: string,
    options: ParsePkcs12Options = {}
  ): Promise<ParsedPkcs12> {
    const at = options.at === undefined ? new Date() : options.at
    const task: P12Task = { bytes: Uint8Array.from(bytes), password, at: at?.getTime() ?? null }
    const workers = this.#start()
    let outcome: P12Outcome
    try {
      outcome = await new Promise<P12Outcome>((resolve, reject) => {
        workers.pending.add(reject)
        workers.pool
          .run(task, { signal: AbortSignal.timeout(this.#options.timeoutMs) })
          .then(resolve, reject)
          .finally(() => workers.pending.delete(reject))
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
    const workers = this.#workers
    this.#workers = null
    await workers?.pool.destroy()
  }

  #start(): Workers {
    if (this.#workers) return this.#workers
    const pool = new Tinypool({
      filename: this.#options.workerFile.href,
      minThreads: 0,
      maxThreads: this.#options.maxThreads,
      idleTimeout: this.#options.idleTimeoutMs,
      execArgv: workerExecArgv(process.execArgv, SOURCE_EXTENSION === '.ts'),
    })
    const workers: Workers = { pool, pending: new Set() }
    // Tinypool reports a worker that fails while starting (its module does
    // not load) on the pool, not on the task, which would then wait forever:
    // fail the reads in flight and start afresh on the next one.
    pool.on('error', (error: Error) => {
      if (this.#workers === workers) this.#workers = null
      for (const reject of workers.pending) {
        reject(new P12WorkerException('A P12 worker thread could not start', { cause: error }))
      }
      workers.pending.clear()
      void pool.destroy()
    })
    this.#workers = workers
    return workers
  }
}

/**
 * The process's Node flags a worker accepts: module loading (loaders,
 * `--require`, conditions) and diagnostics (source maps, warnings). Node
 * refuses V8 and process-wide flags in a worker (`--expose-gc`,
 * `--max-old-space-size`, `--title`: ERR_WORKER_INVALID_EXEC_ARGV), so a
 * process started with one of them could not read a single P12; they are
 * left out, as are the dev server's hot-reload hook (it watches files and
 * talks to its parent process) and `-e`/`-p` code, which a worker running a
 * file refuses. The TypeScript loader is added when the sources are
 * TypeScript and the flags lack it.
 *
 * `execArgv` holds only flags, so a token that does not start with `-` is
 * the value of the flag before it.
 */
export function workerExecArgv(execArgv: string[], typescript: boolean = false): string[] {
  const kept: string[] = []
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]
    const next = execArgv[i + 1]
    const value = next !== undefined && !next.startsWith('-') ? next : undefined
    if (value !== undefined) i++
    const name = arg.split('=')[0]
    const hotHook = arg.includes('hot-hook') || (value?.includes('hot-hook') ?? false)
    if (!WORKER_FLAGS.includes(name) || hotHook) continue
    kept.push(arg)
    if (value !== undefined) kept.push(value)
  }
  if (typescript && !kept.some((arg) => arg.includes('ts-node'))) kept.unshift(TS_LOADER_FLAG)
  return kept
}

const WORKER_FLAGS = [
  '--import',
  '--loader',
  '--experimental-loader',
  '--require',
  '-r',
  '--conditions',
  '-C',
  '--enable-source-maps',
  '--no-warnings',
  '--no-deprecation',
  '--disable-warning',
  '--trace-warnings',
  '--trace-deprecation',
  '--trace-uncaught',
]
