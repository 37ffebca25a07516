import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import app from '@adonisjs/core/services/app'

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

/**
 * Runs an ES module snippet with Node in this checkout (so `#tests/*` and
 * `#platform/*` resolve, TypeScript included) and collects how it ends.
 */
export function runSnippet(source: string) {
  const child = spawn(
    process.execPath,
    ['--import=ts-node-maintained/register/esm', '--input-type=module', '-e', source],
    { cwd: fileURLToPath(app.appRoot), stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
