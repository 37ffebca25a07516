import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import VaultSecret from '#certificates/models/vault_secret'
import { openSecret, storeSecret } from '#certificates/vault/secrets'
import { newSigningSecret } from '#webhooks/signing'
import type WebhookEndpoint from '#webhooks/models/webhook_endpoint'

/** How long the old secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_HOURS = 24

/**
 * A fresh signing secret, sealed in the company's vault. The plaintext is
 * returned once, for the page to show; only the sealed row stays.
 */
export async function createSigningSecret(tenantId: number, client: TransactionClientContract) {
  const secret = newSigningSecret()
  const row = await storeSecret(tenantId, 'webhook.signing', secret, client)
  return { secret, row }
}

/**
 * The secrets that sign a delivery now: the current one, and the previous
 * one while its overlap after a rotation lasts.
 */
export async function signingSecrets(endpoint: WebhookEndpoint, now = DateTime.now()) {
  const ids = [endpoint.secretId]
  if (
    endpoint.previousSecretId &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt > now
  ) {
    ids.push(endpoint.previousSecretId)
  }
  const secrets: string[] = []
  for (const id of ids) {
    const row = await VaultSecret.findOrFail(id)
    const opened = await openSecret(row)
    secrets.push(opened.toString('utf8'))
  }
  return secrets
}
