/*
 * Ace command-line entry point.
 */
import 'reflect-metadata'
import { Ignitor, prettyPrintError } from '@adonisjs/core'

const APP_ROOT = new URL('../', import.meta.url)

const ARGV = process.argv.splice(2)
/** The command being run: the first argument that is not a flag (as Ace finds it). */
const COMMAND_NAME = ARGV.find((value) => !value.startsWith('-'))

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      // A command that declares `options.standalone` needs no database,
      // Redis or mail settings (start/standalone.ts); say so before the
      // environment is validated.
      const kernel = await app.container.make('ace')
      const command = COMMAND_NAME
        ? (kernel.getCommand(COMMAND_NAME) ?? kernel.getAliasCommand(COMMAND_NAME))
        : null
      if (command?.options.standalone === true) {
        const { markStandaloneCommand } = await import('#start/standalone')
        markStandaloneCommand()
      }
      await import('#start/env')
    })
    // Long-running commands (queue:listen, tax:simulator) close their
    // workers and connections on SIGTERM, then end even if a library left a
    // handle open (a queue worker otherwise lingers until SIGKILL).
    const stop = async () => {
      await app.terminate()
      process.exit()
    }
    app.listen('SIGTERM', stop)
    app.listenIf(app.managedByPm2, 'SIGINT', stop)
  })
  .ace()
  .handle(ARGV)
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
