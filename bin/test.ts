/*
 * Japa test runner entry point. `npm test` (bin/platform.ts) starts the local
 * services first and then runs this file through `node ace test`.
 *
 * The run must end by itself once Japa has printed its summary: the suites
 * close what they open (tests/bootstrap.ts lists who closes what), the
 * application's shutdown runs in the last teardown hook with a deadline,
 * and if something still holds the event loop open a few seconds after the
 * summary, this process names it and exits with Japa's exit code.
 */
process.env.NODE_ENV = 'test'

import 'reflect-metadata'
import { Ignitor, prettyPrintError } from '@adonisjs/core'
import { configure, processCLIArgs, run } from '@japa/runner'
import { exitIfStillRunning, withDeadline } from '#tests/lifecycle'

const APP_ROOT = new URL('../', import.meta.url)

/** Longest the application's shutdown may take before the run goes on without it. */
const SHUTDOWN_DEADLINE_MS = 20_000
/** How long after Japa's summary the process may still be busy closing things. */
const EXIT_GRACE_MS = 5_000

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    // Once the application has terminated (the last teardown hook),
    // terminate() does nothing, so a handler that only called it would
    // swallow SIGTERM for good: stop, then exit, always.
    const stop = async (signal: 'SIGTERM' | 'SIGINT') => {
      await withDeadline(app.terminate(), SHUTDOWN_DEADLINE_MS)
      process.exit(signal === 'SIGTERM' ? 143 : 130)
    }
    app.listen('SIGTERM', () => stop('SIGTERM'))
    app.listenIf(app.managedByPm2, 'SIGINT', () => stop('SIGINT'))
  })
  .testRunner()
  .configure(async (app) => {
    const { runnerHooks, ...config } = await import('../tests/bootstrap.js')

    processCLIArgs(process.argv.splice(2))
    configure({
      ...app.rcFile.tests,
      ...config,
      ...{
        setup: runnerHooks.setup,
        teardown: runnerHooks.teardown.concat([
          () => withDeadline(app.terminate(), SHUTDOWN_DEADLINE_MS, 'stopping the application'),
        ]),
      },
    })
  })
  .run(() => run())
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
  .finally(() => exitIfStillRunning(EXIT_GRACE_MS))
