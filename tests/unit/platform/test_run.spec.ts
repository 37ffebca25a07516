/*
 * How `npm test` ends the test process (bin/platform/test_run.ts): the exit
 * code of a run that ends by itself, and the last resort for one that stays
 * alive after Japa's summary (a child ignoring SIGTERM, an open handle).
 * The "test process" here is a small Node script playing that part.
 */
import { test } from '@japa/runner'
import { runTestProcess, summarize } from '#platform/test_run'
import { waitUntil } from '#adapters/core/testing/wait_until'
import { isRunning, runSnippet, STUBBORN } from '#tests/helpers/processes'

const PASSED = '\u001b[2mTests\u001b[22m  \u001b[32m3 passed\u001b[39m \u001b[2m(3)\u001b[22m'
const FAILED =
  '\u001b[2mTests\u001b[22m  \u001b[31m1 failed\u001b[39m, \u001b[32m2 passed\u001b[39m \u001b[2m(3)\u001b[22m'

/** A script that starts a stubborn grandchild, prints its pid and the given lines, then `ending`. */
function script(lines: string[], ending: string) {
  return [
    "const { spawn } = require('node:child_process')",
    `const grandchild = spawn(process.execPath, ['-e', ${JSON.stringify(STUBBORN)}], { stdio: 'ignore' })`,
    "console.log('grandchild ' + grandchild.pid)",
    ...lines.map((line) => `console.log(${JSON.stringify(line)})`),
    ending,
  ].join('\n')
}

const HANG = STUBBORN
const grandchildOf = (output: string) => Number(/grandchild (\d+)/.exec(output)![1])

function start(source: string, graceMs = 300) {
  let seen = ''
  const run = runTestProcess(process.execPath, ['-e', source], {
    cwd: process.cwd(),
    env: process.env,
    graceMs,
    interruptGraceMs: 300,
    onStdout: (chunk) => (seen += chunk),
  })
  return { ...run, printed: (text: string) => seen.includes(text) }
}

async function expectGone(pid: number) {
  await waitUntil(`process ${pid} to be gone`, () => !isRunning(pid))
}

test.group('Launcher | test run summary', () => {
  test('reads Japa summary lines, colours included', ({ assert }) => {
    assert.deepInclude(summarize(`boot\n${PASSED}\n Time 5s\n`), {
      found: true,
      passed: 3,
      failed: 0,
      unhandledErrors: false,
    })
    assert.deepInclude(summarize(`${FAILED}\n`), { found: true, passed: 2, failed: 1 })
    assert.deepInclude(summarize('Tests  1 skipped, 4 passed (5)\n'), { passed: 4, skipped: 1 })
    assert.deepInclude(summarize('booting application to run tests...\n'), { found: false })
    assert.isTrue(summarize(`${PASSED}\n\n Unhandled Errors \n`).unhandledErrors)
  })
})

test.group('Launcher | test run exit', () => {
  test('a run that hangs after its summary is killed with its whole group; passed is 0', async ({
    assert,
  }) => {
    const run = start(script([PASSED], HANG))
    const result = await run.finished
    assert.isTrue(result.forced)
    assert.equal(result.code, 0)
    assert.equal(result.summary.passed, 3)
    // The grandchild that ignored SIGTERM went with it.
    await expectGone(grandchildOf(result.output))
  })

  test('killed after a summary with failures, the run fails', async ({ assert }) => {
    const result = await start(script([FAILED], HANG)).finished
    assert.isTrue(result.forced)
    assert.equal(result.code, 1)
    await expectGone(grandchildOf(result.output))
  })

  test('killed after unhandled errors reported under a green summary, the run fails', async ({
    assert,
  }) => {
    const result = await start(
      script([PASSED, '', ' Unhandled Errors ', 'Error: socket hang up'], HANG)
    ).finished
    assert.isTrue(result.forced)
    assert.equal(result.code, 1)
  })

  test('a run that ends by itself keeps its code; what it left in its group is killed', async ({
    assert,
  }) => {
    const result = await start(script([FAILED], 'process.exit(4)'), 60_000).finished
    assert.isFalse(result.forced)
    assert.equal(result.code, 4)
    await expectGone(grandchildOf(result.output))
  })

  test('a run that crashes before any summary keeps its code', async ({ assert }) => {
    const result = await start("console.error('boom'); process.exit(2)").finished
    assert.equal(result.code, 2)
    assert.isFalse(result.summary.found)
    assert.include(result.output, 'boom')
  })

  test('interrupt sends SIGINT to the group, and kills what ignores it', async ({ assert }) => {
    const polite = start(
      script(['ready'], "process.on('SIGINT', () => process.exit(130)); " + HANG)
    )
    await waitUntil('the script to be ready', () => polite.printed('ready'))
    polite.interrupt()
    const stopped = await polite.finished
    assert.equal(stopped.code, 130)
    await expectGone(grandchildOf(stopped.output))

    const deaf = start(script(['ready'], "process.on('SIGINT', () => {}); " + HANG))
    await waitUntil('the script to be ready', () => deaf.printed('ready'))
    deaf.interrupt()
    const killed = await deaf.finished
    assert.equal(killed.code, 1)
    await expectGone(grandchildOf(killed.output))
  })

  test('when the launcher itself ends first, the test group is killed', async ({ assert }) => {
    const launcher = await runSnippet(`
      import { runTestProcess } from '#platform/test_run'
      const run = runTestProcess(process.execPath, ['-e', ${JSON.stringify(STUBBORN)}], {
        cwd: process.cwd(),
        env: process.env,
        graceMs: 60_000,
      })
      console.log('tests ' + run.pid)
      process.exit(3)
    `)
    assert.equal(launcher.code, 3)
    const pid = Number(/tests (\d+)/.exec(launcher.stdout)![1])
    await waitUntil(`process ${pid} to be gone`, () => !isRunning(pid))
  })
})
