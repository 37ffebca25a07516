/*
 * How the test process ends. Japa prints its summary after the teardown
 * hooks and then leaves the process to exit on its own, which only happens
 * once nothing holds the event loop: one forgotten handle (a file watcher,
 * an esbuild service, a Redis connection, a child process) and the run
 * never ends. These helpers bound the shutdown and end the process for sure,
 * naming what was left open so it can be fixed where it was opened.
 *
 * Plain Node only: bin/test.ts imports this before the application boots.
 */
import type { ChildProcess } from 'node:child_process'

/**
 * Waits for `promise`, but no longer than `ms`. When the deadline passes
 * first it says so on stderr and resolves, so a stuck shutdown step cannot
 * keep Japa from printing its summary. A rejection is passed on.
 */
export async function withDeadline(promise: Promise<unknown>, ms: number, what?: string) {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), ms)
  })
  try {
    const outcome = await Promise.race([promise.then(() => 'settled' as const), expired])
    if (outcome === 'expired' && what) {
      process.stderr.write(`\n! ${what} did not finish in ${ms / 1000} s; going on without it\n`)
    }
  } finally {
    clearTimeout(timer)
  }
}

interface Handle {
  constructor?: { name?: string }
  pid?: number
  spawnfile?: string
  spawnargs?: string[]
  remoteAddress?: string
  remotePort?: number
  localPort?: number
  fd?: number
  path?: string
  address?: () => unknown
}

/**
 * What keeps the process alive (Node lists only referenced handles),
 * described for a person: child processes with their command, sockets and
 * servers with their addresses, watchers by kind, and the number of
 * pending timers. The process's own stdio is left out.
 */
export function openHandles(): string[] {
  const described: string[] = []
  const handles: Handle[] = (
    process as unknown as { _getActiveHandles(): Handle[] }
  )._getActiveHandles()
  for (const handle of handles) {
    const kind = handle.constructor?.name ?? 'handle'
    if (kind === 'ChildProcess') {
      const command = [handle.spawnfile, ...(handle.spawnargs ?? []).slice(1, 3)].join(' ')
      described.push(`child process ${handle.pid} (${command})`)
    } else if (kind === 'Socket' || kind === 'WriteStream' || kind === 'ReadStream') {
      if (handle.fd !== undefined && handle.fd >= 0 && handle.fd <= 2) continue
      const peer = handle.remoteAddress
        ? `${handle.remoteAddress}:${handle.remotePort}`
        : handle.path || 'pipe'
      described.push(`socket to ${peer}`)
    } else if (kind === 'Server') {
      described.push(`server ${JSON.stringify(handle.address?.())}`)
    } else {
      described.push(kind)
    }
  }
  const timers = process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length
  if (timers) described.push(timers > 1 ? `${timers} timers` : 'a timer')
  return described
}

/**
 * The last resort after Japa's summary: if something still holds the process
 * open `graceMs` later, print what, kill the child processes it started
 * (an esbuild service or a browser would outlive it) and exit with the code
 * Japa set. The timer is unref'd, so a process that ends normally never
 * waits for it.
 */
export function exitIfStillRunning(graceMs: number) {
  setTimeout(() => {
    const open = openHandles()
    const code = typeof process.exitCode === 'number' ? process.exitCode : 0
    process.stderr.write(
      `\n! The test process was still running ${graceMs / 1000} s after the summary; ` +
        `still open: ${open.join(', ') || 'nothing Node can name'}. Exiting with code ${code}.\n`
    )
    const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles()
    for (const handle of handles) {
      if ((handle as { constructor?: { name?: string } }).constructor?.name === 'ChildProcess') {
        ;(handle as ChildProcess).kill('SIGKILL')
      }
    }
    process.exit(code)
  }, graceMs).unref()
}
