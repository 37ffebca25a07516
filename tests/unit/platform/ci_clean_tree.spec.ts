/*
 * .ci/assert-clean-tree, which .ci/run calls after `npm install`: a clean
 * working tree passes; a changed tracked file (a rewritten lockfile) or a
 * new untracked one fails the run and is named.
 */
import { test } from '@japa/runner'
import { execFileSync, spawnSync } from 'node:child_process'
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import app from '@adonisjs/core/services/app'

const SCRIPT = fileURLToPath(new URL('.ci/assert-clean-tree', app.appRoot))

async function repository() {
  const dir = await mkdtemp(join(tmpdir(), 'facturo-ci-'))
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' })
  git('init', '-q')
  await writeFile(join(dir, 'package-lock.json'), '{"lockfileVersion": 3}\n')
  git('add', '.')
  git('-c', 'user.name=CI', '-c', 'user.email=ci@facturo.test', 'commit', '-qm', 'lockfile')
  return dir
}

const check = (cwd: string) => spawnSync(SCRIPT, { cwd, encoding: 'utf8' })

test.group('CI | clean tree after npm install', () => {
  test('a clean tree passes; a rewritten lockfile or a new file fails, named', async ({
    assert,
    cleanup,
  }) => {
    const dir = await repository()
    cleanup(() => rm(dir, { recursive: true, force: true }))

    assert.equal(check(dir).status, 0)

    await appendFile(join(dir, 'package-lock.json'), '{"packages": {}}\n')
    const rewritten = check(dir)
    assert.equal(rewritten.status, 1)
    assert.include(rewritten.stderr, ' M package-lock.json')

    execFileSync('git', ['checkout', '--', 'package-lock.json'], { cwd: dir })
    await writeFile(join(dir, 'stray.log'), 'x')
    const untracked = check(dir)
    assert.equal(untracked.status, 1)
    assert.include(untracked.stderr, '?? stray.log')
  })
})
