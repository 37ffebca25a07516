/*
|--------------------------------------------------------------------------
| node ace stripe:local
|--------------------------------------------------------------------------
|
| Runs the local Stripe stand-in (app/billing/local_stripe) until Ctrl-C /
| SIGTERM. `npm start` runs it on STRIPE_LOCAL_URL (port 12111) when
| STRIPE_SECRET_KEY is unset; its state is kept in tmp/stripe-local.json.
|
*/
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { startLocalStripe, type LocalStripeServer } from '#billing/local_stripe/server'

export default class StripeLocalCommand extends BaseCommand {
  static commandName = 'stripe:local'
  static description =
    'Run the local Stripe stand-in (API subset, Checkout and Portal pages, signed webhooks)'

  // The stand-in needs no application services; it only has to stay up.
  static options: CommandOptions = { startApp: false, staysAlive: true }

  @flags.number({ description: 'Port to listen on', default: 12111 })
  declare port: number

  @flags.string({ description: 'Interface to bind', default: '127.0.0.1' })
  declare host: string

  @flags.string({
    description: 'Where events are POSTed (Facturo /webhooks/stripe)',
    default: 'http://127.0.0.1:3333/webhooks/stripe',
  })
  declare webhookUrl: string

  @flags.string({ description: 'JSON file that keeps the state', default: 'tmp/stripe-local.json' })
  declare state: string

  async #fail() {
    this.exitCode = 1
    process.exitCode = 1
    await this.terminate()
  }

  async run() {
    const port = Number(this.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      this.logger.error(`Puerto inválido / invalid port: ${this.port}`)
      return this.#fail()
    }
    // Imported here, not at the top: Ace imports every command file to list
    // them, and config files read the environment, which a standalone
    // command (tax:sign) must be able to skip.
    const { LOCAL_STRIPE_SECRET_KEY, LOCAL_STRIPE_WEBHOOK_SECRET } = await import('#config/billing')
    let server: LocalStripeServer
    try {
      server = await startLocalStripe({
        port,
        host: this.host,
        secretKey: LOCAL_STRIPE_SECRET_KEY,
        webhookSecret: LOCAL_STRIPE_WEBHOOK_SECRET,
        webhookUrl: this.webhookUrl || null,
        statePath: this.state ? this.app.makePath(this.state) : null,
      })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      this.logger.error(`No se pudo iniciar Stripe local / could not start: ${reason}`)
      return this.#fail()
    }
    this.app.terminating(async () => {
      await server.close()
    })
    process.once('SIGINT', () => {
      void this.terminate()
    })
    this.logger.success(`Local Stripe stand-in listening on ${server.url}`)
    this.logger.info(`Webhooks → ${this.webhookUrl}`)
  }
}
