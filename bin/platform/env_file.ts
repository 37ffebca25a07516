import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './paths.js'
import { say } from './log.js'

/**
 * Reads KEY=value lines (the subset of dotenv syntax our files use).
 */
export function parseEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {}
  const values: Record<string, string> = {}
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = line.match(/^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/)
    if (!match) continue
    values[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2')
  }
  return values
}

/**
 * On first run, writes .env from .env.example with fresh random secrets
 * (APP_KEY and VAULT_MASTER_KEY), so a newcomer needs no manual step.
 * An existing .env is never touched.
 */
export function ensureEnvFile() {
  const target = join(ROOT, '.env')
  if (existsSync(target)) return
  const example = readFileSync(join(ROOT, '.env.example'), 'utf8')
  const content = example
    .replace(/^APP_KEY=.*$/m, `APP_KEY=${randomBytes(32).toString('base64url')}`)
    .replace(/^VAULT_MASTER_KEY=.*$/m, `VAULT_MASTER_KEY=${randomBytes(32).toString('base64')}`)
  writeFileSync(target, content, { mode: 0o600 })
  say.ok('Created .env with fresh secrets (see README "Configuration")')
}

/**
 * The effective configuration for a mode: the file values, overridden by the
 * process environment (as AdonisJS itself does). DATABASE_URL, when given,
 * is split into the DB_* variables the application reads.
 */
export function effectiveEnv(files: string[]): Record<string, string> {
  const merged: Record<string, string> = {}
  for (const file of files) Object.assign(merged, parseEnvFile(join(ROOT, file)))
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && /^[A-Z0-9_]+$/.test(key) && key in merged) merged[key] = value
  }
  for (const key of [
    'DATABASE_URL',
    'DB_HOST',
    'DB_PORT',
    'DB_USER',
    'DB_PASSWORD',
    'DB_DATABASE',
    'DB_OWNER_USER',
    'DB_OWNER_PASSWORD',
  ]) {
    if (process.env[key]) merged[key] = process.env[key]!
  }
  const url = merged.DATABASE_URL
  if (url) {
    const parsed = new URL(url)
    merged.DB_HOST = parsed.hostname
    merged.DB_PORT = parsed.port || '5432'
    merged.DB_USER = decodeURIComponent(parsed.username)
    merged.DB_PASSWORD = decodeURIComponent(parsed.password)
    merged.DB_DATABASE = parsed.pathname.replace(/^\//, '')
  }
  return merged
}
