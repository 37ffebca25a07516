/*
 * The launcher's local PostgreSQL, started and stopped for real on a spare
 * port, for a checkout the `postgres` OS user cannot enter (a clone under a
 * 0700 folder such as /root) and for an ordinary one.
 */
import { test } from '@japa/runner'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { LocalPostgres, clusterDirName } from '#platform/postgres'
import { isRoot } from '#platform/paths'

const quiet = { step: () => {}, ok: () => {} }

async function sparePort() {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** A checkout's tmp/ under a fresh parent folder with the given mode, and a shared clusters root. */
async function checkoutUnder(mode: number) {
  const parent = await mkdtemp(join(tmpdir(), 'facturo-parent-'))
  await chmod(parent, mode)
  const tmpDir = join(parent, 'facturo', 'tmp')
  await mkdir(tmpDir, { recursive: true })
  const sharedRoot = join(await mkdtemp(join(tmpdir(), 'facturo-clusters-')), 'pg')
  await chmod(join(sharedRoot, '..'), 0o755)
  return { parent, tmpDir, sharedRoot }
}

async function selectOneOverSocket(socketDir: string, port: number) {
  const client = new pg.Client({
    host: socketDir,
    port,
    user: 'postgres',
    password: 'postgres',
    database: 'postgres',
  })
  await client.connect()
  try {
    const result = await client.query('select 1 as one')
    return result.rows[0].one
  } finally {
    await client.end()
  }
}

test.group('Launcher | local PostgreSQL', () => {
  test('a checkout under a 0700 parent gets a cluster that starts, answers and stops', async ({
    assert,
    cleanup,
  }) => {
    const { parent, tmpDir, sharedRoot } = await checkoutUnder(0o700)
    const port = await sparePort()
    const postgres = new LocalPostgres(port, { tmpDir, sharedRoot, log: quiet })
    // A strict umask must not make the folders it creates unreachable for `postgres`.
    const umask = process.umask(0o077)
    cleanup(async () => {
      process.umask(umask)
      await postgres.stop()
      await rm(parent, { recursive: true, force: true })
      await rm(join(sharedRoot, '..'), { recursive: true, force: true })
    })

    await postgres.start()
    assert.isTrue(postgres.startedByUs)
    assert.isTrue(await postgres.isUp())
    // Root runs the server as `postgres`, which cannot enter the parent:
    // the cluster lives outside the checkout, keyed by its path.
    const expected = isRoot ? join(sharedRoot, clusterDirName(tmpDir)) : join(tmpDir, 'pg')
    assert.equal(postgres.baseDir, expected)
    assert.isTrue(existsSync(join(postgres.dataDir, 'PG_VERSION')))
    // The user's folder keeps its mode.
    const parentStat = await stat(parent)
    assert.equal(parentStat.mode & 0o777, 0o700)
    // DB_SOCKET_DIR: the Unix socket is there and answers.
    assert.isTrue(existsSync(join(postgres.socketDir, `.s.PGSQL.${port}`)))
    assert.equal(await selectOneOverSocket(postgres.socketDir, port), 1)

    // A second launcher of the same checkout (npm test beside npm start)
    // finds the same cluster and leaves it running.
    const beside = new LocalPostgres(port, { tmpDir, sharedRoot, log: quiet })
    await beside.start()
    assert.isFalse(beside.startedByUs)
    assert.equal(beside.socketDir, postgres.socketDir)
    await beside.stop()
    assert.isTrue(await postgres.isUp())

    await postgres.stop()
    assert.isFalse(await postgres.isUp())
    assert.isFalse(existsSync(join(postgres.dataDir, 'postmaster.pid')))

    // Started again, it reuses the same data.
    const again = new LocalPostgres(port, { tmpDir, sharedRoot, log: quiet })
    await again.start()
    try {
      assert.isTrue(again.startedByUs)
      assert.equal(again.baseDir, expected)
      assert.equal(await selectOneOverSocket(again.socketDir, port), 1)
    } finally {
      await again.stop()
    }
    assert.isFalse(await again.isUp())
  }).timeout(180_000)

  test('a checkout the postgres user can enter keeps its cluster in tmp/pg', async ({
    assert,
    cleanup,
  }) => {
    const { parent, tmpDir, sharedRoot } = await checkoutUnder(0o755)
    const port = await sparePort()
    const postgres = new LocalPostgres(port, { tmpDir, sharedRoot, log: quiet })
    cleanup(async () => {
      await postgres.stop()
      await rm(parent, { recursive: true, force: true })
      await rm(join(sharedRoot, '..'), { recursive: true, force: true })
    })

    await postgres.start()
    assert.equal(postgres.baseDir, join(tmpDir, 'pg'))
    assert.equal(postgres.displayDir, join('tmp', 'pg'))
    assert.isFalse(existsSync(sharedRoot))
    assert.equal(await selectOneOverSocket(postgres.socketDir, port), 1)
    await postgres.stop()
    assert.isFalse(await postgres.isUp())
  }).timeout(180_000)
})
