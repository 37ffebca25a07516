import env from '#start/env'
import { defineConfig, transports } from '@adonisjs/mail'
import { CaptureTransport } from '#core/mail/capture_transport'

/**
 * `smtp` in production. `capture` (the default in development) keeps every
 * message under tmp/mail so the /dev/mail page can show it with its
 * attachments. Tests use mail.fake().
 */
const mailConfig = defineConfig({
  default: env.get('MAIL_MAILER'),
  from: {
    address: env.get('MAIL_FROM_ADDRESS'),
    name: env.get('MAIL_FROM_NAME', 'Facturo'),
  },
  mailers: {
    smtp: transports.smtp({
      host: env.get('SMTP_HOST', '127.0.0.1'),
      port: env.get('SMTP_PORT', 25),
      ...(env.get('SMTP_USERNAME')
        ? {
            auth: {
              type: 'login' as const,
              user: env.get('SMTP_USERNAME')!,
              pass: env.get('SMTP_PASSWORD', ''),
            },
          }
        : {}),
    }),
    capture: () => new CaptureTransport(),
  },
})

export default mailConfig

declare module '@adonisjs/mail/types' {
  export interface MailersList extends InferMailers<typeof mailConfig> {}
}
