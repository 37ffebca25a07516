/*
 * The certificates module's provider:
 * - the P12 reader (worker threads that open P12 files off the event
 *   loop) is a container singleton, stopped when the app terminates;
 * - so is the signing-credentials service (one cache of decrypted
 *   credentials per process), and the vault (the master keys, read from
 *   the environment on first use);
 * - when a queue worker starts it registers the daily expiry-watch
 *   schedule. Registering is idempotent (a keyed BullMQ job scheduler), so
 *   every worker start may do it. Likewise the daily quota watch (the
 *   folios PAC countries have left).
 */
import type { ApplicationService } from '@adonisjs/core/types'
import { whenQueueWorkerStarts } from '#core/when_queue_worker_starts'
import { P12Reader } from '#certificates/p12/p12_reader'
import { SigningCredentials } from '#certificates/signing_credentials'
import { Vault } from '#certificates/vault/vault'

export default class CertificatesProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton(P12Reader, () => new P12Reader())
    this.app.container.singleton(SigningCredentials, () => new SigningCredentials())
    this.app.container.singleton(Vault, async () => {
      const { vaultFromEnv } = await import('#certificates/vault/keyring')
      return vaultFromEnv()
    })
  }

  async ready() {
    await whenQueueWorkerStarts(this.app, 'certificate expiry watch', async () => {
      const { scheduleExpiryWatch } = await import('#certificates/jobs/schedule_expiry_watch')
      await scheduleExpiryWatch()
    })
    await whenQueueWorkerStarts(this.app, 'quota watch', async () => {
      const { scheduleQuotaWatch } = await import('#certificates/jobs/schedule_quota_watch')
      await scheduleQuotaWatch()
    })
  }

  async shutdown() {
    // Cheap when nothing was read: the reader starts its workers on first use.
    const reader = await this.app.container.make(P12Reader)
    await reader.close()
  }
}
