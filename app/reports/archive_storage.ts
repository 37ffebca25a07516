import { mkdir, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import app from '@adonisjs/core/services/app'

/**
 * Where finished ZIPs are kept: `tmp/archives/<tenant>/<id>.zip`, one
 * folder per company. Files are rebuilt on request, so nothing here needs
 * a backup.
 */
export function archivePath(tenantId: number, archiveId: number) {
  return app.tmpPath('archives', String(tenantId), `${archiveId}.zip`)
}

export async function prepareArchiveFolder(path: string) {
  await mkdir(dirname(path), { recursive: true })
}

export async function removeArchiveFile(path: string | null) {
  if (path) await rm(path, { force: true })
}
