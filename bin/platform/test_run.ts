import { spawn } from 'node:child_process'

/**
 * What Japa's summary says: "Tests  2 failed, 40 passed (42)". Unhandled
 * errors and rejections are printed by Japa after that line and make the run
 * fail even when every test passed.
 */
export interface TestSummary {
  found: boolean
  passed: number
  failed: number
  skipped: number
  unhandledErrors: boolean
}

/** Terminal colour codes (ESC [ ... m), stripped before reading the output. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')
const SUMMARY_LINE = /^\s*Tests\s+.*\(\d+\)\s*$/m

export function summarize(output: string): TestSummary {
  const clean = output.replace(ANSI, '')
  const lines = clean.split('\n').filter((line) => SUMMARY_LINE.test(line))
  const last = lines.at(-1) ?? ''
  const count = (word: string) => Number(last.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0)
  return {
    found: last !== '',
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    unhandledErrors: /Unhandled (Errors?|Rejections?)\b/.test(clean),
  }
}

export interface TestRunOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  /** How long the process may stay alive after printing the summary before it is killed. */
  graceMs: number
  /** How long an interrupted run may take to stop before it is killed. */
  interruptGraceMs?: number
  onStdout?: (chunk: Buffer) => void
  onStderr?: (chunk: Buffer) => void
  onForcedExit?: (graceMs: number) => void
}

export interface TestRunResult {
  /** The exit code the run deserves (see runTestProcess). */
  code: number
  /** stdout and stderr as they came. */
  output: string
  summary: TestSummary
  /** True when the process was killed after its summary because it did not exit. */
  forced: boolean
}

/**
 * Runs the test command in its own process group and ends it for sure.
 *
 * - Normal case: the command exits by itself; its exit code is the result.
 * - Once Japa's summary line has been printed, the process has `graceMs` to
 *   exit. If it is still alive then (an open handle, a child ignoring
 *   SIGTERM), the whole group is killed with SIGKILL and the result code is
 *   read from the summary: 1 when a test failed or Japa reported unhandled
 *   errors, else 0.
 * - Whatever happens, anything left in the group after the command exits
 *   (an orphaned esbuild service, a browser) is killed too.
 * - `interrupt()` (Ctrl-C in the launcher) sends SIGINT to the group, then
 *   SIGKILL if it has not stopped after `interruptGraceMs`.
 * - If the calling process exits first, the group is killed.
 */
export function runTestProcess(command: string, args: string[], options: TestRunOptions) {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so one signal reaches every process it started.
    detached: true,
  })
  const group = child.pid
  const killGroup = (signal: NodeJS.Signals) => {
    if (!group) return
    try {
      process.kill(-group, signal)
    } catch {}
  }

  let output = ''
  let partialLine = ''
  let forced = false
  let summaryTimer: NodeJS.Timeout | undefined
  let interruptTimer: NodeJS.Timeout | undefined

  // Arms the grace period once the summary line is complete in the output.
  const watchForSummary = (chunk: Buffer) => {
    if (summaryTimer) return
    const lines = (partialLine + chunk.toString()).split('\n')
    partialLine = lines.pop() ?? ''
    if (!lines.some((line) => SUMMARY_LINE.test(line.replace(ANSI, '')))) return
    summaryTimer = setTimeout(() => {
      forced = true
      options.onForcedExit?.(options.graceMs)
      killGroup('SIGKILL')
    }, options.graceMs)
  }
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk
    options.onStdout?.(chunk)
    watchForSummary(chunk)
  })
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk
    options.onStderr?.(chunk)
  })

  // If the launcher itself ends first (killed, crashed), the tests go with it.
  const killOnExit = () => killGroup('SIGKILL')
  process.once('exit', killOnExit)

  const finished = new Promise<TestRunResult>((resolve) => {
    // The command could not start at all (no 'exit' follows).
    child.on('error', (error) => {
      if (group) return
      output += `${error.message}\n`
      resolve({ code: 1, output, summary: summarize(output), forced: false })
    })
    child.on('exit', (code, signal) => {
      process.off('exit', killOnExit)
      clearTimeout(summaryTimer)
      clearTimeout(interruptTimer)
      killGroup('SIGKILL')
      // A killed grandchild may still hold the pipes for a moment; read what is left.
      const drained = new Promise<void>((done) => {
        if (child.stdout.closed && child.stderr.closed) return done()
        child.once('close', () => done())
        setTimeout(done, 2000).unref()
      })
      drained.then(() => {
        const summary = summarize(output)
        let status: number
        if (forced) {
          status = summary.failed > 0 || summary.unhandledErrors ? 1 : 0
        } else {
          status = code ?? (signal ? 1 : 0)
        }
        resolve({ code: status, output, summary, forced })
      })
    })
  })

  return {
    pid: group,
    finished,
    interrupt() {
      if (child.exitCode !== null || child.signalCode !== null || interruptTimer) return
      killGroup('SIGINT')
      interruptTimer = setTimeout(() => killGroup('SIGKILL'), options.interruptGraceMs ?? 10_000)
    },
  }
}
