/*
|--------------------------------------------------------------------------
| node ace vault:rotate [--batch-size=100] [--dry-run]
|--------------------------------------------------------------------------
|
| Re-seals every vault secret (certificate files and passwords, PAC tokens)
| under the current VAULT_MASTER_KEY, while the application keeps running.
|
| 1. Set the new key as VAULT_MASTER_KEY and the old one in
|    VAULT_PREVIOUS_KEYS (comma-separated), restart web and worker: new
|    secrets are sealed with the new key, old ones still open.
| 2. Run this command. It works in small transactions and can be stopped
|    and run again at any time; a second run finds nothing to do.
| 3. When it reports 0 left, remove the old key from VAULT_PREVIOUS_KEYS.
|
| Secrets sealed with a key that is in neither variable are counted and
| make the command exit with code 1: they cannot be opened any more.
|
*/
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class VaultRotateCommand extends BaseCommand {
  static commandName = 'vault:rotate'
  static description = 'Re-encrypt every vault secret under the current VAULT_MASTER_KEY'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'Secrets per transaction', default: 100 })
  declare batchSize: number

  @flags.boolean({ description: 'Only count the secrets that need re-sealing' })
  declare dryRun: boolean

  async run() {
    const { rotateVaultSecrets } = await import('#certificates/vault/rotate_secrets')
    const report = await rotateVaultSecrets({
      batchSize: this.batchSize,
      dryRun: this.dryRun,
      onBatch: (done) => this.logger.info(`re-sealed ${done}`),
    })
    const verb = this.dryRun ? 'would re-seal' : 're-sealed'
    this.logger.success(
      `Vault key ${report.currentKeyId}: ${verb} ${report.resealed} secret(s) from key(s) ${report.fromKeyIds.join(', ') || '—'}`
    )
    if (report.unknownKey > 0) {
      this.logger.error(
        `${report.unknownKey} secret(s) are sealed with a key that is neither VAULT_MASTER_KEY nor in VAULT_PREVIOUS_KEYS`
      )
      this.exitCode = 1
    }
  }
}
