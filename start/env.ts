/*
|--------------------------------------------------------------------------
| Environment variables
|--------------------------------------------------------------------------
|
| Every variable the application reads is declared and validated here.
| `npm start` writes a `.env` with safe local defaults on first run; see
| README "Configuration" for the meaning of each one.
|
| The one exception is a standalone command (start/standalone.ts): it gets
| STANDALONE_DEFAULTS below for the variables it never reads. Production
| validation is unchanged: the web server, the worker and the other
| commands never take those defaults.
|
*/
import { randomBytes } from 'node:crypto'
import { Env, EnvProcessor } from '@adonisjs/core/env'
import { isStandaloneCommand } from '#start/standalone'

const APP_ROOT = new URL('../', import.meta.url)

const schema = {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number(),
  APP_KEY: Env.schema.string(),
  APP_URL: Env.schema.string.optional(),
  APP_BASE_DOMAIN: Env.schema.string.optional(),
  HOST: Env.schema.string({ format: 'host' }),
  LOG_LEVEL: Env.schema.string(),
  /** Reverse proxies whose X-Forwarded-* headers are believed (config/app.ts); empty: none. */
  TRUSTED_PROXIES: Env.schema.string.optional(),
  TZ: Env.schema.string.optional(),

  /*
  |----------------------------------------------------------
  | Session
  |----------------------------------------------------------
  */
  /** `redis` (default); `memory` for one process only; `cookie` is read as `redis`. */
  SESSION_DRIVER: Env.schema.enum.optional(['redis', 'memory', 'cookie'] as const),

  /*
  |----------------------------------------------------------
  | Database (PostgreSQL)
  |----------------------------------------------------------
  */
  DB_HOST: Env.schema.string({ format: 'host' }),
  DB_PORT: Env.schema.number(),
  /** The application's role: owns no table, bound by row-level security. */
  DB_USER: Env.schema.string(),
  DB_PASSWORD: Env.schema.string.optional(),
  DB_DATABASE: Env.schema.string(),
  /** The role that owns the tables and runs migrations (`--connection=owner`); DB_USER when unset. */
  DB_OWNER_USER: Env.schema.string.optional(),
  DB_OWNER_PASSWORD: Env.schema.string.optional(),
  /** Directory of PostgreSQL's Unix socket; when set it is used instead of DB_HOST/DB_PORT's TCP. */
  DB_SOCKET_DIR: Env.schema.string.optional(),

  /*
  |----------------------------------------------------------
  | Redis (queues)
  |----------------------------------------------------------
  */
  QUEUE_REDIS_HOST: Env.schema.string({ format: 'host' }),
  QUEUE_REDIS_PORT: Env.schema.number(),
  QUEUE_REDIS_PASSWORD: Env.schema.string.optional(),
  QUEUE_REDIS_DB: Env.schema.number.optional(),
  /** Path of Redis's Unix socket; when set it is used instead of the TCP host and port. */
  QUEUE_REDIS_SOCKET: Env.schema.string.optional(),
  QUEUE_PREFIX: Env.schema.string.optional(),
  /** Worker tuning (config/queue.ts): parallel jobs per queue, stalled-job detection. */
  QUEUE_CONCURRENCY: Env.schema.number.optional(),
  QUEUE_LOCK_DURATION_MS: Env.schema.number.optional(),
  QUEUE_STALLED_INTERVAL_MS: Env.schema.number.optional(),

  /*
  |----------------------------------------------------------
  | Rate limiting
  |----------------------------------------------------------
  */
  LIMITER_STORE: Env.schema.enum(['database', 'memory'] as const),

  /*
  |----------------------------------------------------------
  | Mail
  |----------------------------------------------------------
  */
  MAIL_MAILER: Env.schema.enum(['smtp', 'capture'] as const),
  MAIL_FROM_ADDRESS: Env.schema.string(),
  MAIL_FROM_NAME: Env.schema.string.optional(),
  SMTP_HOST: Env.schema.string.optional(),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_USERNAME: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.string.optional(),

  /*
  |----------------------------------------------------------
  | Secrets vault (certificates, passwords, PAC tokens)
  |----------------------------------------------------------
  */
  VAULT_MASTER_KEY: Env.schema.string.optional(),
  VAULT_PREVIOUS_KEYS: Env.schema.string.optional(),

  // Each country adapter declares and validates its own variables in its
  // provider (Ecuador: adapters/ecuador_sri/config.ts).

  /*
  |----------------------------------------------------------
  | Billing and Stripe (see config/billing.ts)
  |----------------------------------------------------------
  */
  STRIPE_SECRET_KEY: Env.schema.string.optional(),
  STRIPE_WEBHOOK_SECRET: Env.schema.string.optional(),
  STRIPE_LOCAL_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  BILLING_TRIAL_DAYS: Env.schema.number.optional(),
  BILLING_GRACE_DAYS: Env.schema.number.optional(),

  /*
  |----------------------------------------------------------
  | Outgoing webhooks (see config/webhooks.ts)
  |----------------------------------------------------------
  */
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: Env.schema.boolean.optional(),
  WEBHOOKS_DISABLE_AFTER_FAILURES: Env.schema.number.optional(),

  /*
  |----------------------------------------------------------
  | REST API allowances per minute (see config/api.ts)
  |----------------------------------------------------------
  */
  API_LIMIT_PER_TOKEN: Env.schema.number.optional(),
  API_LIMIT_PER_COMPANY: Env.schema.number.optional(),
}

/**
 * What a standalone command (tax:sign) gets for the required variables
 * that are missing: it opens no database, Redis, mail or HTTP server, so
 * these only have to be well formed, and they are the local defaults of
 * .env.example. APP_KEY is random for the process: nothing such a command
 * encrypts outlives it. Values from the environment or a .env file win.
 */
const STANDALONE_DEFAULTS: Record<string, string> = {
  NODE_ENV: 'development',
  PORT: '3333',
  HOST: '127.0.0.1',
  APP_KEY: randomBytes(32).toString('base64url'),
  LOG_LEVEL: 'info',
  SESSION_DRIVER: 'memory',
  DB_HOST: '127.0.0.1',
  DB_PORT: '54329',
  DB_USER: 'facturo',
  DB_DATABASE: 'facturo',
  QUEUE_REDIS_HOST: '127.0.0.1',
  QUEUE_REDIS_PORT: '63790',
  LIMITER_STORE: 'memory',
  MAIL_MAILER: 'capture',
  MAIL_FROM_ADDRESS: 'no-reply@facturo.local',
}

// Env.create(APP_ROOT, schema), with the standalone defaults under the .env values.
const values = await new EnvProcessor(APP_ROOT).process()
const validated = Env.rules(schema).validate(
  isStandaloneCommand() ? { ...STANDALONE_DEFAULTS, ...values } : values
)

export default new Env(validated)
