/*
|--------------------------------------------------------------------------
| node ace webhooks:sweep [--margin-seconds=300]
|--------------------------------------------------------------------------
|
| Runs the webhook sweeper once, now (the worker runs it every minute):
| every pending delivery of an enabled endpoint whose next attempt is
| overdue by more than the margin gets that attempt queued again. Safe to
| run at any time: a delivery whose job is still queued is not doubled.
| Prints counts only.
|
*/
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class WebhooksSweepCommand extends BaseCommand {
  static commandName = 'webhooks:sweep'
  static description = 'Queue again the webhook deliveries whose next attempt is overdue'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'How late a delivery must be, in seconds', default: 300 })
  declare marginSeconds: number

  async run() {
    if (!Number.isFinite(this.marginSeconds) || this.marginSeconds < 0) {
      this.logger.error('--margin-seconds must be a number of seconds, 0 or more')
      this.exitCode = 1
      return
    }
    const { sweepWebhookDeliveries } = await import('#webhooks/sweep_deliveries')
    const report = await sweepWebhookDeliveries({ marginMs: this.marginSeconds * 1000 })
    this.logger.success(
      `${report.overdue} overdue delivery(ies): ${report.queued} queued, ${report.alreadyQueued} already queued, ${report.failed} failed`
    )
    if (report.failed > 0) this.exitCode = 1
  }
}
