import { isRoot } from './paths.js'
import { run, which } from './exec.js'
import { say } from './log.js'

let updated = false

/**
 * Installs a Debian package when a needed program is missing, but only when
 * that is possible without asking anyone: running as root on a machine with
 * apt-get. Returns false (and the caller explains) otherwise.
 */
export async function aptInstall(pkg: string, reason: string): Promise<boolean> {
  if (!isRoot || !which('apt-get') || process.env.FACTURO_NO_APT === 'true') return false
  say.step(`Installing Debian package ${pkg} (${reason}) with apt-get…`)
  if (!updated) {
    await run('apt-get', ['update', '-qq'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
    updated = true
  }
  const result = await run('apt-get', ['install', '-y', '-qq', pkg], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  if (result.code !== 0) {
    say.fail(`apt-get install ${pkg} failed:\n${result.stderr.slice(-2000)}`)
    return false
  }
  say.ok(`Installed ${pkg}`)
  return true
}
