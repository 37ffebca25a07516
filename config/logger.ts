import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, targets } from '@adonisjs/core/logger'

/**
 * Secrets never reach the log: the redact list removes the fields that can
 * carry them even if a developer logs a whole request body or object.
 */
const loggerConfig = defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: 'facturo',
      level: env.get('LOG_LEVEL'),
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'p12',
          '*.p12',
          'certificate',
          '*.certificate',
          'tokenEmpresa',
          '*.tokenEmpresa',
          'tokenPassword',
          '*.tokenPassword',
          'headers.cookie',
          'headers.authorization',
        ],
        censor: '[redacted]',
      },
      transport: {
        targets: targets()
          .pushIf(!app.inProduction && !app.inTest, targets.pretty())
          .pushIf(app.inProduction || app.inTest, targets.file({ destination: 1 }))
          .toArray(),
      },
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}
