/*
|--------------------------------------------------------------------------
| Building a ZIP of a period's documents
|--------------------------------------------------------------------------
|
| Streamed end to end, so the volume does not matter: the ids of the
| documents are read first (small), then yazl pulls one entry at a time
| (addReadStreamLazy) and each entry's XML is read from the database in
| pages of PAGE documents only when yazl reaches it. The ZIP goes straight
| to a file; at most one page of XMLs (and one PDF) is in memory.
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
import { documentFileName, documentPdf, documentXml } from '#documents/files'
import { tenantContext } from '#tenancy/tenant_context'
import DocumentArchive from '#reports/models/document_archive'
import { whereCounted } from '#reports/queries/rules'
import { archivePath, prepareArchiveFolder, removeArchiveFile } from '#reports/archive_storage'

const PAGE = 200

interface Entry {
  id: number
  type: Document['type']
  number: string | null
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
    const entries = (await whereCounted(
      Document.query().select('documents.id', 'documents.type', 'documents.number'),
      scope
    )
      .orderBy('documents.issue_date')
      .orderBy('documents.id')
      .pojo()) as Entry[]
    archive.merge({ status: 'building', total: entries.length, done: 0, startedAt: DateTime.now() })
    await archive.save()

    const target = archivePath(tenant.id, archive.id)
    const partial = `${target}.partial`
    await prepareArchiveFolder(target)
    const zip = new yazl.ZipFile()
    const output = createWriteStream(partial)
    zip.outputStream.pipe(output)

    let loadedFrom = -1
    let page = new Map<number, Document>()
    const documentAt = async (index: number) => {
      const first = index - (index % PAGE)
      if (first !== loadedFrom) {
        const rows = await Document.query().whereIn(
          'id',
          entries.slice(first, first + PAGE).map((item) => item.id)
        )
        page = new Map(rows.map((row) => [row.id, row]))
        loadedFrom = first
        // One statement per page: the progress the download page polls.
        await db
          .from('document_archives')
          .where('tenant_id', tenant.id)
          .where('id', archive.id)
          .update({ done: first, updated_at: new Date() })
      }
      return page.get(entries[index].id)!
    }
    const lazy = (index: number, content: (document: Document) => Promise<Buffer | string>) => {
      return (callback: (error: unknown, stream: NodeJS.ReadableStream) => void) => {
        // yazl calls back from its own stack: re-enter the company's context.
        tenantContext
          .run(tenant, async () => Readable.from([await content(await documentAt(index))]))
          .then(
            (stream) => callback(null, stream),
            (error) => callback(error, undefined as never)
          )
      }
    }

    try {
      const mtime = new Date()
      for (const [index, item] of entries.entries()) {
        const name = documentFileName(tenant.country, item as Document, 'xml')
        zip.addReadStreamLazy(
          name,
          { mtime },
          lazy(index, async (document) => documentXml(document) ?? '')
        )
        if (archive.includePdf) {
          zip.addReadStreamLazy(
            `pdf/${documentFileName(tenant.country, item as Document, 'pdf')}`,
            { mtime, compress: false },
            lazy(index, (document) => documentPdf(tenant, document))
          )
        }
      }
      // yazl reports a failed entry (an unreadable document) on the ZipFile.
      const failed = new Promise<never>((_, reject) => zip.once('error', reject))
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
      done: entries.length,
      filePath: target,
      fileSize: file.size,
      finishedAt: DateTime.now(),
    })
    await archive.save()
  }
}
