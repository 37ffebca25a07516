import env from '#start/env'
import { defineConfig } from '@adonisjs/lucid'
import { tenantSessionAfterCreate } from '#tenancy/row_level_security'

const server = {
  // pg reads a host starting with "/" as the directory of a Unix socket.
  host: env.get('DB_SOCKET_DIR') || env.get('DB_HOST'),
  port: env.get('DB_PORT'),
  database: env.get('DB_DATABASE'),
}

const migrations = { naturalSort: true, paths: ['database/migrations'] }

/**
 * Two roles (docs/operations.md, "Database roles"):
 *
 * - `postgres`, the application's connection, logs in as DB_USER, which
 *   owns no table and is bound by row-level security. Each pooled
 *   connection keeps its session's tenant in step with the tenant context
 *   (app/tenancy/row_level_security.ts).
 * - `owner` logs in as DB_OWNER_USER, which owns the schema; only
 *   migrations use it (`node ace migration:run --connection=owner`).
 */
const dbConfig = defineConfig({
  connection: 'postgres',
  connections: {
    postgres: {
      client: 'pg',
      connection: {
        ...server,
        user: env.get('DB_USER'),
        password: env.get('DB_PASSWORD'),
      },
      pool: { min: 0, max: 20, afterCreate: tenantSessionAfterCreate },
      migrations,
      seeders: {
        paths: ['database/seeders'],
      },
    },
    owner: {
      client: 'pg',
      connection: {
        ...server,
        user: env.get('DB_OWNER_USER') || env.get('DB_USER'),
        password: env.get('DB_OWNER_USER') ? env.get('DB_OWNER_PASSWORD') : env.get('DB_PASSWORD'),
      },
      pool: { min: 0, max: 2 },
      migrations,
    },
  },
})

export default dbConfig
