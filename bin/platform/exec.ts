import { spawn, spawnSync, type SpawnOptions } from 'node:child_process'

/** Runs a command to completion and returns its exit code and output. */
export function run(command: string, args: string[], options: SpawnOptions = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (chunk) => (stdout += chunk))
    child.stderr?.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
  })
}

/** Runs a command with the terminal attached; resolves with its exit code. */
export function runInherit(command: string, args: string[], options: SpawnOptions = {}) {
  return new Promise<number>((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: 'inherit' })
    child.on('error', reject)
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

/** The absolute path of an executable on PATH, or null. */
export function which(binary: string): string | null {
  const result = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' })
  const path = result.stdout.trim()
  return result.status === 0 && path ? path : null
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
