/*
|--------------------------------------------------------------------------
| node ace documents:sweep [--margin-seconds=120]
|--------------------------------------------------------------------------
|
| Runs the document sweeper once, now (the worker runs it every minute):
| every unfinished, non-demo, non-flagged document whose next check is
| overdue by more than the margin gets its current step queued again.
| Safe to run at any time: a document whose job is still queued is not
| doubled. Prints counts only.
|
*/
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class DocumentsSweepCommand extends BaseCommand {
  static commandName = 'documents:sweep'
  static description = 'Queue again the documents whose authority step is overdue'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'How late a document must be, in seconds', default: 120 })
  declare marginSeconds: number

  async run() {
    if (!Number.isFinite(this.marginSeconds) || this.marginSeconds < 0) {
      this.logger.error('--margin-seconds must be a number of seconds, 0 or more')
      this.exitCode = 1
      return
    }
    const { sweepDocuments } = await import('#tax/sweep_documents')
    const report = await sweepDocuments({ marginMs: this.marginSeconds * 1000 })
    this.logger.success(
      `${report.overdue} overdue document(s): ${report.queued} queued, ${report.alreadyQueued} already queued, ${report.failed} failed`
    )
    if (report.failed > 0) this.exitCode = 1
  }
}
