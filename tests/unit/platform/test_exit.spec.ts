/*
 * The test process's own last resort (tests/lifecycle.ts, used by
 * bin/test.ts): once Japa's summary is out, a process that something still
 * holds open names it, kills its child processes and exits with Japa's exit
 * code; a process with nothing open exits at once, untouched.
 */
import { test } from '@japa/runner'
import { waitUntil } from '#adapters/core/testing/wait_until'
import { isRunning, runSnippet, STUBBORN } from '#tests/helpers/processes'

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
