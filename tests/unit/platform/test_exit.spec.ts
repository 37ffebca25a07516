/*
 * The test process's own last resort (tests/lifecycle.ts, used by
 * bin/test.ts): once Japa's summary is out, a process that something still
 * holds open names it, kills its child processes and exits with Japa's exit
 * code; a process with nothing open exits at once, untouched.
 */
import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import app from '@adonisjs/core/services/app'
import { waitUntil } from '#adapters/core/testing/wait_until'
import { isRunning, STUBBORN } from '#tests/helpers/processes'

/** Runs an ES module snippet in this checkout (so `#tests/*` resolves) and collects how it ends. */
function runSnippet(source: string) {
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

test.group('Test process | exit after the summary', () => {
  test('held open by a child ignoring SIGTERM: names it, kills it, exits with the code', async ({
    assert,
  }) => {
    const result = await runSnippet(`
      import { spawn } from 'node:child_process'
      import { exitIfStillRunning } from '#tests/lifecycle'
      const child = spawn(process.execPath, ['-e', ${JSON.stringify(STUBBORN)}], { stdio: 'ignore' })
      console.log('child ' + child.pid)
      process.exitCode = 1
      exitIfStillRunning(200)
    `)
    const pid = Number(/child (\d+)/.exec(result.stdout)![1])
    assert.equal(result.code, 1)
    assert.match(result.stderr, new RegExp(`still open: child process ${pid} `))
    await waitUntil(`process ${pid} to be gone`, () => !isRunning(pid))
  })

  test('held open by a server and a timer: both are named', async ({ assert }) => {
    const result = await runSnippet(`
      import { createServer } from 'node:net'
      import { exitIfStillRunning } from '#tests/lifecycle'
      createServer().listen(0, '127.0.0.1')
      setInterval(() => {}, 1000)
      exitIfStillRunning(200)
    `)
    assert.equal(result.code, 0)
    assert.match(result.stderr, /still open: .*server \{"address":"127\.0\.0\.1"/)
    assert.include(result.stderr, 'a timer')
  })

  test('nothing open: exits at once with its code and says nothing', async ({ assert }) => {
    const result = await runSnippet(`
      import { exitIfStillRunning } from '#tests/lifecycle'
      process.exitCode = 3
      exitIfStillRunning(120_000)
    `)
    assert.equal(result.code, 3)
    assert.notInclude(result.stderr, 'still running')
  }).timeout(60_000)
})
