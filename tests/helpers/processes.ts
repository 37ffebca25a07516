import { existsSync, readFileSync } from 'node:fs'

/**
 * Whether a process still runs. A zombie (ended, not yet reaped by whoever
 * adopted it) counts as ended.
 */
export function isRunning(pid: number) {
  const stat = `/proc/${pid}/stat`
  if (existsSync(stat)) {
    try {
      // "pid (command) S ...": the state follows the closing parenthesis.
      const state = readFileSync(stat, 'utf8').split(') ')[1]?.[0]
      return state !== undefined && state !== 'Z' && state !== 'X'
    } catch {
      return false
    }
  }
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** A Node script that ignores SIGTERM and never ends, like a stuck esbuild service or watcher. */
export const STUBBORN = "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"
