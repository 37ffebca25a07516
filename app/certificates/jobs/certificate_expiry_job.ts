import { Job } from '@rlanz/bull-queue'
import { watchCertificateExpiry } from '#certificates/actions/watch_certificate_expiry'
import { clock } from '#certificates/clock'

/**
 * The daily expiry watch (see watch_certificate_expiry.ts). A platform job:
 * it loops over companies itself and enters each one's tenant context, so
 * its payload carries no tenant. Scheduled by `scheduleExpiryWatch`.
 */
export default class CertificateExpiryJob extends Job {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(_payload: Record<string, never>) {
    const report = await watchCertificateExpiry(clock.now())
    this.logger?.info({ ...report }, 'certificate expiry watch done')
  }

  async rescue(_payload: Record<string, never>, error: Error) {
    this.logger?.error({ err: error.message }, 'certificate expiry watch gave up')
  }
}
