import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import queue from '@rlanz/bull-queue/services/main'
import { existsSync } from 'node:fs'
import yauzl from 'yauzl'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { createCompany } from '#tests/helpers/accounts'
import { binary } from '#tests/helpers/catalog'
import { seedDocument, seedPoint } from '#tests/helpers/reports'
import { tenantContext } from '#tenancy/tenant_context'
import AuditLog from '#accounts/models/audit_log'
import DocumentArchive from '#reports/models/document_archive'
import BuildArchiveJob, { REPORT_EXPORT_QUEUE } from '#reports/jobs/build_archive_job'
import type Tenant from '#tenancy/models/tenant'

const A = { identification: '0926687856', name: 'Juan Carlos Andrade' }

/** The file names and contents of a ZIP. */
function unzip(buffer: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error)
      const files = new Map<string, string>()
      zip.on('entry', (entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError)
          const chunks: Buffer[] = []
          stream.on('data', (chunk: Buffer) => chunks.push(chunk))
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'))
            zip.readEntry()
          })
        })
      })
      zip.on('end', () => resolve(files))
      zip.readEntry()
    })
  })
}

/** Runs the queued archive jobs in this process, as the worker would, and empties the queue. */
async function runArchiveJobs() {
  const jobs = await queue.getOrSet(REPORT_EXPORT_QUEUE).getJobs(['waiting', 'delayed'])
  for (const job of jobs) {
    await new BuildArchiveJob().handle(job.data)
    await job.remove()
  }
  return jobs.length
}

async function seedCompany(role: 'OWNER' | 'READONLY' | 'OPERATOR' = 'READONLY') {
  const company = await createCompany(role)
  const point = await seedPoint(company.tenant, '001')
  const line = (base: string) => [{ code: 'P1', category: 'iva_15', base, rate: '15' }]
  const docs = []
  for (const day of ['2026-03-02', '2026-03-09', '2026-03-31']) {
    docs.push(
      await seedDocument(company.tenant, { issueDate: day, point, buyer: A, lines: line('10.00') })
    )
  }
  await seedDocument(company.tenant, {
    status: 'REJECTED',
    issueDate: '2026-03-03',
    point,
    buyer: A,
    lines: line('20.00'),
  })
  await seedDocument(company.tenant, {
    issueDate: '2026-04-01',
    point,
    buyer: A,
    lines: line('30.00'),
  })
  return { ...company, docs }
}

test.group('Document ZIP', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(async () => {
    await queue.getOrSet(REPORT_EXPORT_QUEUE).obliterate({ force: true })
  })

  test('the accountant asks for March: the job builds the ZIP of the authorized XMLs, the download is audited', async ({
    client,
    assert,
  }) => {
    const { user, tenant, docs } = await seedCompany('READONLY')
    const request = await client
      .post('/app/archives')
      .form({ period: 'month', month: '2026-03' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    request.assertStatus(302)
    assert.equal(request.header('location'), '/app/archives')

    const archive = await tenantContext.run(tenant as Tenant, () =>
      DocumentArchive.query().firstOrFail()
    )
    assert.equal(archive.status, 'queued')
    assert.equal(await runArchiveJobs(), 1)

    const progress = await client.get(`/app/archives/${archive.id}/progress`).loginAs(user)
    progress.assertStatus(200)
    assert.include(progress.body(), {
      status: 'ready',
      total: 3,
      done: 3,
      from: '2026-03-01',
      to: '2026-03-31',
    })

    const download = client.get(`/app/archives/${archive.id}/download`).loginAs(user)
    download.request.parse(binary)
    const response = await download
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'application/zip')
    const files = await unzip(response.body() as any)
    assert.deepEqual(
      [...files.keys()],
      docs.map((doc) => `factura-${doc.number}.xml`)
    )
    // The authorization record (the XML with tax validity) is what goes in.
    assert.match(files.get(`factura-${docs[0].number}.xml`)!, /^<autorizacion><estado>AUTORIZADO/)

    const logs = await tenantContext.run(tenant as Tenant, () =>
      AuditLog.query()
        .whereIn('action', ['document_archive.requested', 'document_archive.downloaded'])
        .orderBy('id')
    )
    assert.deepEqual(
      logs.map((log) => log.action),
      ['document_archive.requested', 'document_archive.downloaded']
    )
  })

  test('a period with nothing authorized gives an empty ZIP; a bad period is refused with a message', async ({
    client,
    assert,
  }) => {
    const { user, tenant } = await seedCompany('OWNER')
    await client
      .post('/app/archives')
      .form({ period: 'month', month: '2025-01' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    await runArchiveJobs()
    const archive = await tenantContext.run(tenant as Tenant, () =>
      DocumentArchive.query().firstOrFail()
    )
    assert.include(archive.serialize(), { status: 'ready', total: 0 })
    assert.isTrue(existsSync(archive.filePath!))

    const bad = await client
      .post('/app/archives')
      .form({ period: 'custom', from: '2026-03-10', to: '2026-03-01' })
      .loginAs(user)
      .withCsrfToken()
      .withInertia()
      .redirects(0)
    bad.assertStatus(302)
    assert.equal(await runArchiveJobs(), 0)
    const count = await tenantContext.run(tenant as Tenant, () =>
      DocumentArchive.query().count('* as n')
    )
    assert.equal(Number(count[0].$extras.n), 1)
  })

  test('a period of several pages: every authorized XML once, by issue date, progress counted', async ({
    client,
    assert,
  }) => {
    const company = await createCompany('OWNER')
    const point = await seedPoint(company.tenant, '001')
    const line = [{ code: 'P1', category: 'iva_15', base: '1.00', rate: '15' }]
    // 230 documents (the ZIP reads 100 at a time), issued on days out of id order.
    const expected: { day: string; id: number; number: string }[] = []
    for (let index = 0; index < 230; index++) {
      const day = `2026-05-${String(28 - (index % 28)).padStart(2, '0')}`
      const doc = await seedDocument(company.tenant, {
        issueDate: day,
        point,
        buyer: A,
        lines: line,
      })
      expected.push({ day, id: doc.id, number: doc.number! })
    }
    await seedDocument(company.tenant, {
      status: 'REJECTED',
      issueDate: '2026-05-10',
      point,
      buyer: A,
      lines: line,
    })
    await client
      .post('/app/archives')
      .form({ period: 'month', month: '2026-05' })
      .loginAs(company.user)
      .withCsrfToken()
      .redirects(0)
    assert.equal(await runArchiveJobs(), 1)
    const archive = await tenantContext.run(company.tenant as Tenant, () =>
      DocumentArchive.query().firstOrFail()
    )
    assert.include(archive.serialize(), { status: 'ready', total: 230, done: 230 })

    const download = client.get(`/app/archives/${archive.id}/download`).loginAs(company.user)
    download.request.parse(binary)
    const response = await download
    const files = await unzip(response.body() as any)
    expected.sort((a, b) => a.day.localeCompare(b.day) || a.id - b.id)
    assert.deepEqual(
      [...files.keys()],
      expected.map((doc) => `factura-${doc.number}.xml`)
    )
    assert.match(files.get(`factura-${expected[229].number}.xml`)!, /^<autorizacion>/)
  }).timeout(120_000)

  test('not ready yet: the download answers 409', async ({ client }) => {
    const { user } = await seedCompany('OWNER')
    await client
      .post('/app/archives')
      .form({ period: 'month', month: '2026-03' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    const index = await client.get('/app/archives').loginAs(user).withInertia()
    const id = (index.inertiaProps as any).archives[0].id
    const response = await client.get(`/app/archives/${id}/download`).loginAs(user)
    response.assertStatus(409)
  })

  test("another company's archive is 404 for progress and download", async ({ client, assert }) => {
    const owner = await seedCompany('OWNER')
    const stranger = await createCompany('OWNER')
    await client
      .post('/app/archives')
      .form({ period: 'month', month: '2026-03' })
      .loginAs(owner.user)
      .withCsrfToken()
      .redirects(0)
    await runArchiveJobs()
    const archive = await tenantContext.run(owner.tenant as Tenant, () =>
      DocumentArchive.query().firstOrFail()
    )
    for (const path of [
      `/app/archives/${archive.id}/progress`,
      `/app/archives/${archive.id}/download`,
    ]) {
      const response = await client.get(path).loginAs(stranger.user)
      response.assertStatus(404)
    }
    const list = await client.get('/app/archives').loginAs(stranger.user).withInertia()
    assert.lengthOf((list.inertiaProps as any).archives, 0)
  })
})

test.group('Documents list export', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('CSV with the list filters, only this company, audited', async ({ client, assert }) => {
    const { user, tenant, docs } = await seedCompany('READONLY')
    const other = await seedCompany('OWNER')
    void other
    const response = await client
      .get('/app/documents/export/csv?status=AUTHORIZED&from=2026-03-01&to=2026-03-31')
      .loginAs(user)
    response.assertStatus(200)
    const rows: string[][] = parse(response.text().replace(/^\uFEFF/, ''))
    assert.deepEqual(rows[0].slice(0, 3), ['Número', 'Tipo', 'Estado'])
    assert.deepEqual(
      rows
        .slice(1)
        .map((row) => [row[0], row[1], row[2], row[3], row[8]])
        .sort(),
      docs
        .map((doc) => [doc.number, 'Factura', 'AUTHORIZED', doc.issueDate.toISODate(), '11.50'])
        .sort()
    )
    const logs = await tenantContext.run(tenant as Tenant, () =>
      AuditLog.query().where('action', 'document.list_exported')
    )
    assert.lengthOf(logs, 1)
  })

  test('the documents list offers the export of what it shows: its filters, in both languages', async ({
    client,
    assert,
  }) => {
    const { user, docs } = await seedCompany('READONLY')
    const list = await client
      .get('/app/documents?status=AUTHORIZED&from=2026-03-01&to=2026-03-31&page=1')
      .loginAs(user)
    list.assertStatus(200)
    const html = list.text()
    const link = (format: string) => {
      const found = html.match(new RegExp(`href="([^"]+)"[^>]*data-export="${format}"`))
      return found ? found[1].replaceAll('&amp;', '&') : null
    }
    assert.equal(
      link('csv'),
      '/app/documents/export/csv?status=AUTHORIZED&from=2026-03-01&to=2026-03-31'
    )
    assert.equal(
      link('xlsx'),
      '/app/documents/export/xlsx?status=AUTHORIZED&from=2026-03-01&to=2026-03-31'
    )
    assert.include(html, 'Exportar CSV')
    // With a date range, the XML ZIP of that range too.
    assert.include(html, 'data-export="zip"')

    // The link answers the same documents the list shows.
    const csv = await client.get(link('csv')!).loginAs(user)
    const rows: string[][] = parse(csv.text().replace(/^\uFEFF/, ''))
    assert.sameMembers(
      rows.slice(1).map((row) => row[0]),
      docs.map((doc) => doc.number!)
    )

    const english = await client.get('/app/documents').loginAs(user).withSession({ locale: 'en' })
    const englishHtml = english.text()
    assert.include(englishHtml, 'Export CSV')
    assert.include(englishHtml, 'href="/app/documents/export/xlsx"')
    // No date range, no ZIP button.
    assert.notInclude(englishHtml, 'data-export="zip"')
  })

  test('the ZIP button of the list queues the archive of its date range', async ({
    client,
    assert,
  }) => {
    const { user, tenant, docs } = await seedCompany('READONLY')
    const response = await client
      .post('/app/archives')
      .json({ period: 'custom', from: '2026-03-01', to: '2026-03-31' })
      .loginAs(user)
      .withCsrfToken()
      .withInertia()
      .redirects(0)
    response.assertStatus(302)
    assert.equal(await runArchiveJobs(), 1)
    const archive = await tenantContext.run(tenant as Tenant, () =>
      DocumentArchive.query().firstOrFail()
    )
    assert.include(archive.serialize(), { status: 'ready', total: docs.length })
  })

  test('XLSX with amounts as numbers', async ({ client, assert }) => {
    const { user } = await seedCompany('OPERATOR')
    const request = client.get('/app/documents/export/xlsx?status=REJECTED').loginAs(user)
    request.request.parse(binary)
    const response = await request
    response.assertStatus(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.body() as any)
    const sheet = workbook.worksheets[0]
    assert.equal(sheet.name, 'Comprobantes')
    assert.equal(sheet.rowCount, 2)
    assert.equal(sheet.getRow(2).getCell(9).value, 23)
  })
})
