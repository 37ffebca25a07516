/*
|--------------------------------------------------------------------------
| Building a ZIP of a period's documents
|--------------------------------------------------------------------------
|
| Streamed end to end, so the volume does not matter. The documents are
| read with a keyset cursor, PAGE at a time in (issue date, id) order,
| each page's query naming where the previous one stopped: no list of
| every id, no server-side cursor holding a connection for the whole
| build. Each page's files go to yazl as lazy streams, and the next page
| is read only once yazl has consumed them, so at most one page of XMLs
| (and one PDF, drawn when yazl reaches it) is in memory whatever the
| period holds. The ZIP goes straight to a file. What does grow with the
| volume is yazl's directory of entries (a name and a few sizes each,
| about 0.2 KB), written at the end as the ZIP format requires.
|
*/
import { createWriteStream } from 'node:fs'
import { rename, stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { DateTime } from 'luxon'
import yazl from 'yazl'
import db from '@adonisjs/lucid/services/db'
import Document from '#documents/models/document'
import { documentFileName, documentPdf } from '#documents/files'
import { tenantContext } from '#tenancy/tenant_context'
import DocumentArchive from '#reports/models/document_archive'
import { whereCounted, type CountedScope } from '#reports/queries/rules'
import { salesTotals } from '#reports/queries/period_report'
import { archivePath, prepareArchiveFolder, removeArchiveFile } from '#reports/archive_storage'

const PAGE = 100

interface Entry {
  id: number
  type: Document['type']
  number: string | null
  issue_date: string
  xml: string | null
}

/** The next page of the period's counted documents after `after`, oldest first. */
async function nextPage(scope: CountedScope, after: Entry | null): Promise<Entry[]> {
  const query = whereCounted(Document.query(), scope)
    .select(
      'documents.id',
      'documents.type',
      'documents.number',
      db.raw(`to_char(documents.issue_date, 'YYYY-MM-DD') as issue_date`),
      // Only the file handed out, in documentXml's order (#documents/files):
      // the authorization record, else the authorized comprobante, else the signed one.
      db.raw(
        'coalesce(documents.authorization_xml, documents.authorized_xml, documents.signed_xml) as xml'
      )
    )
    .orderBy('documents.issue_date')
    .orderBy('documents.id')
    .limit(PAGE)
  if (after) {
    query.whereRaw('(documents.issue_date, documents.id) > (?::date, ?)', [
      after.issue_date,
      after.id,
    ])
  }
  return (await query.pojo()) as Entry[]
}

/**
 * Adds a file whose bytes yazl asks for when it reaches the entry, and
 * resolves once it has read them. The bytes are handed over and forgotten:
 * yazl keeps each entry's read function until the end (the ZIP's
 * directory is written last), so a function that still held them would
 * keep every file of the period in memory.
 */
function addFile(
  zip: yazl.ZipFile,
  name: string,
  options: { mtime: Date; compress?: boolean },
  bytes: () => Promise<Buffer | string>
) {
  let pending: (() => Promise<Buffer | string>) | null = bytes
  return new Promise<void>((resolve, reject) => {
    zip.addReadStreamLazy(name, options, (callback) => {
      const read = pending!
      pending = null
      read().then(
        (buffer) => {
          const stream = Readable.from([buffer])
          stream.once('end', resolve)
          callback(null, stream)
        },
        (error) => {
          reject(error)
          callback(error, undefined as never)
        }
      )
    })
  })
}

/** Builds one archive for the company in context; a finished one is left alone. */
export default class BuildArchive {
  async handle(archiveId: number) {
    const archive = await DocumentArchive.find(archiveId)
    if (!archive || archive.status === 'ready') return
    const tenant = tenantContext.currentOrFail()
    const scope = {
      environment: tenant.authorityEnvironment,
      from: archive.dateFrom.toISODate()!,
      to: archive.dateTo.toISODate()!,
    }
    // The count for the progress bar, from the roll-ups (the same rules).
    const totals = await salesTotals(scope)
    const total = totals.invoices + totals.creditNotes
    archive.merge({ status: 'building', total, done: 0, startedAt: DateTime.now() })
    await archive.save()

    const target = archivePath(tenant.id, archive.id)
    const partial = `${target}.partial`
    await prepareArchiveFolder(target)
    const zip = new yazl.ZipFile()
    const output = createWriteStream(partial)
    zip.outputStream.pipe(output)
    // yazl reports a failed entry on the ZipFile, the disk on the file.
    const failed = new Promise<never>((_, reject) => {
      zip.once('error', reject)
      output.once('error', reject)
    })
    failed.catch(() => {})

    let done = 0
    try {
      const mtime = new Date()
      let after: Entry | null = null
      while (true) {
        const page = await nextPage(scope, after)
        if (page.length === 0) break
        const files: Promise<void>[] = []
        for (const entry of page) {
          // The text as read: yazl encodes it (UTF-8) as it compresses it.
          const xml = entry.xml ?? ''
          entry.xml = null
          const asDocument = entry as unknown as Document
          files.push(
            addFile(
              zip,
              documentFileName(tenant.country, asDocument, 'xml'),
              { mtime },
              async () => xml
            )
          )
          if (archive.includePdf) {
            // Drawn when yazl reaches it (the PDF needs the whole document).
            files.push(
              addFile(
                zip,
                `pdf/${documentFileName(tenant.country, asDocument, 'pdf')}`,
                { mtime, compress: false },
                // yazl calls back from its own stack: re-enter the company's context.
                () =>
                  tenantContext.run(tenant, async () =>
                    documentPdf(tenant, await Document.findOrFail(entry.id))
                  )
              )
            )
          }
        }
        // The next page is read once yazl has taken this one's files.
        await Promise.race([Promise.all(files), failed])
        done += page.length
        after = page[page.length - 1]
        // One statement per page: the progress the download page polls.
        await db
          .from('document_archives')
          .where('tenant_id', tenant.id)
          .where('id', archive.id)
          .update({ done, updated_at: new Date() })
      }
      zip.end()
      await Promise.race([finished(output), failed])
    } catch (error) {
      output.destroy()
      await removeArchiveFile(partial)
      throw error
    }
    await rename(partial, target)
    const file = await stat(target)
    archive.merge({
      status: 'ready',
      total: done,
      done,
      filePath: target,
      fileSize: file.size,
      finishedAt: DateTime.now(),
    })
    await archive.save()
  }
}
