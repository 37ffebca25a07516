import { test } from '@japa/runner'
import ace from '@adonisjs/core/services/ace'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import queue from '@rlanz/bull-queue/services/main'
import { Worker } from 'bullmq'
import { tenantContext, withoutTenantScope } from '#tenancy/tenant_context'
import type Document from '#documents/models/document'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import { TAX_QUEUE, processingJobId, queueProcessing } from '#tax/dispatch'
import { sweepDocuments } from '#tax/sweep_documents'
import TaxSubmission from '#tax/models/tax_submission'
import SweepDocumentsJob from '#tax/jobs/sweep_documents_job'
import { DOCUMENT_SWEEP_SCHEDULER, scheduleDocumentSweep } from '#tax/jobs/schedule_document_sweep'
import DocumentsSweepCommand from '#commands/documents_sweep'
import {
  createEcCompany,
  invoiceInput,
  useTestCertificate,
  type EcCompany,
} from '#tests/helpers/invoicing'

const taxQueue = () => queue.getOrSet(TAX_QUEUE)
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000)

/** An issued document whose job Redis lost, last touched 10 minutes ago. */
async function stuckDocument(company: EcCompany) {
  const { document } = await tenantContext.run(company.tenant, () =>
    issueNewDocument(company.tenant, invoiceInput(company))
  )
  const queued = await taxQueue().getJob(processingJobId(await stepOf(document)))
  await queued?.remove()
  await setColumns(document, { next_check_at: minutesAgo(10), updated_at: minutesAgo(10) })
  return document
}

/** The document's submission row: its counters name the current step's job. */
function stepOf(document: Document) {
  return withoutTenantScope('the test reads a submission by hand', () =>
    TaxSubmission.findOrFail(document.id)
  )
}

/** Columns of the submission row (the sweeper's clock: next_check_at, updated_at). */
const SUBMISSION_COLUMNS = new Set([
  'next_check_at',
  'updated_at',
  'pending_since',
  'flagged_at',
  'submitted_at',
])

/** Ages a document by hand: its own columns and its submission's. */
async function setColumns(document: Document, changes: Record<string, unknown>) {
  const own = Object.fromEntries(
    Object.entries(changes).filter(([column]) => !SUBMISSION_COLUMNS.has(column))
  )
  const submission = Object.fromEntries(
    Object.entries(changes).filter(([column]) => SUBMISSION_COLUMNS.has(column))
  )
  await withoutTenantScope('the test ages a document by hand', async () => {
    if (Object.keys(own).length) await db.from('documents').where('id', document.id).update(own)
    if (Object.keys(submission).length) {
      await db.from('tax_submissions').where('document_id', document.id).update(submission)
    }
  })
}

/** Every job of the tax queue for one document, whatever its state. */
async function jobsOf(document: Document) {
  const jobs = await taxQueue().getJobs([
    'waiting',
    'delayed',
    'active',
    'prioritized',
    'completed',
    'failed',
  ])
  return jobs.filter((job) => job?.data?.documentId === document.id)
}

test.group('Document sweeper', (group) => {
  group.setup(async () => {
    const restoreCertificate = useTestCertificate()
    await taxQueue().obliterate({ force: true })
    return async () => {
      await taxQueue().obliterate({ force: true })
      restoreCertificate()
    }
  })
  group.each.setup(async () => {
    // Jobs outlive the rolled-back rows: every test starts with an empty queue.
    await taxQueue().obliterate({ force: true })
    return testUtils.db().withGlobalTransaction()
  })
  group.each.setup(() => {
    ace.ui.switchMode('raw')
    return () => ace.ui.switchMode('normal')
  })

  test('an overdue document whose job was lost gets its step queued, once', async ({ assert }) => {
    const company = await createEcCompany()
    const document = await stuckDocument(company)
    assert.lengthOf(await jobsOf(document), 0)

    const first = await sweepDocuments()
    assert.deepEqual(first, { overdue: 1, queued: 1, alreadyQueued: 0, failed: 0 })
    const jobs = await jobsOf(document)
    assert.lengthOf(jobs, 1)
    assert.equal(jobs[0].id, processingJobId(await stepOf(document)))
    // The job carries its company: the worker runs it in that tenant's context.
    assert.deepEqual(jobs[0].data, { documentId: document.id, tenantId: company.tenant.id })

    // A second sweep (or a second worker sweeping) finds the job still queued.
    const second = await sweepDocuments()
    assert.deepEqual(second, { overdue: 1, queued: 0, alreadyQueued: 1, failed: 0 })
    assert.lengthOf(await jobsOf(document), 1)
  })

  test('queueing the same step twice leaves one job (BullMQ ignores a known job id)', async ({
    assert,
  }) => {
    const company = await createEcCompany()
    const document = await stuckDocument(company)
    await queueProcessing(await stepOf(document))
    await queueProcessing(await stepOf(document), 5_000)
    const jobs = await jobsOf(document)
    assert.lengthOf(jobs, 1)
    assert.equal(await jobs[0].getState(), 'waiting')
  })

  test('documents not overdue, or with a round in progress, are left alone', async ({ assert }) => {
    const company = await createEcCompany()
    const future = await stuckDocument(company)
    await setColumns(future, { next_check_at: new Date(Date.now() + 10 * 60_000) })
    const recent = await stuckDocument(company)
    await setColumns(recent, { next_check_at: minutesAgo(1) })
    // Overdue, but written a moment ago: a worker is in the middle of a round.
    const busy = await stuckDocument(company)
    await setColumns(busy, { updated_at: new Date() })

    const report = await sweepDocuments()
    assert.equal(report.overdue, 0)
    for (const document of [future, recent, busy]) assert.lengthOf(await jobsOf(document), 0)
  })

  test('demo, final, flagged and draft documents are ignored', async ({ assert }) => {
    const company = await createEcCompany()
    const demo = await stuckDocument(company)
    await setColumns(demo, { is_demo: true, status: 'PENDING', pending_since: minutesAgo(30) })
    const authorized = await stuckDocument(company)
    await setColumns(authorized, { status: 'AUTHORIZED' })
    const rejected = await stuckDocument(company)
    await setColumns(rejected, { status: 'REJECTED' })
    const flagged = await stuckDocument(company)
    await setColumns(flagged, { status: 'SUBMITTED', flagged_at: minutesAgo(10) })
    const { document: draft } = await tenantContext.run(company.tenant, () =>
      issueNewDocument(company.tenant, invoiceInput(company), { issue: false })
    )
    // A draft has no submission; even a stray row for one is not swept.
    await withoutTenantScope('the test writes a stray submission by hand', () =>
      db.table('tax_submissions').insert({
        tenant_id: company.tenant.id,
        document_id: draft.id,
        next_check_at: minutesAgo(10),
        created_at: minutesAgo(10),
        updated_at: minutesAgo(10),
      })
    )
    // One real PENDING document of the same company is swept: the filter is not "nothing".
    const pending = await stuckDocument(company)
    await setColumns(pending, { status: 'PENDING', pending_since: minutesAgo(30) })

    const report = await sweepDocuments()
    assert.deepEqual(report, { overdue: 1, queued: 1, alreadyQueued: 0, failed: 0 })
    for (const document of [demo, authorized, rejected, flagged, draft]) {
      assert.lengthOf(await jobsOf(document), 0)
    }
    assert.lengthOf(await jobsOf(pending), 1)
  })

  test('a finished job of the same step does not block the sweeper', async ({ assert }) => {
    const company = await createEcCompany()
    const completed = await stuckDocument(company)
    const failed = await stuckDocument(company)

    // Take both jobs as a worker would and finish them without moving the documents on.
    const bull = taxQueue()
    const worker = new Worker(TAX_QUEUE, null, {
      connection: bull.opts.connection,
      prefix: bull.opts.prefix,
      autorun: false,
    })
    try {
      await queueProcessing(await stepOf(completed))
      const first = await worker.getNextJob('sweeper-test')
      await first!.moveToCompleted('done', 'sweeper-test', false)
      await queueProcessing(await stepOf(failed))
      const second = await worker.getNextJob('sweeper-test')
      second!.discard()
      await second!.moveToFailed(new Error('database unreachable'), 'sweeper-test', false)
    } finally {
      await worker.close()
    }
    const completedStep = processingJobId(await stepOf(completed))
    assert.equal(await (await bull.getJob(completedStep))!.getState(), 'completed')
    const failedStep = processingJobId(await stepOf(failed))
    assert.equal(await (await bull.getJob(failedStep))!.getState(), 'failed')
    // A plain add is ignored while the finished job is kept (removeOnComplete/removeOnFail).
    await queueProcessing(await stepOf(completed))
    assert.equal(await (await bull.getJob(completedStep))!.getState(), 'completed')

    const report = await sweepDocuments()
    assert.deepEqual(report, { overdue: 2, queued: 2, alreadyQueued: 0, failed: 0 })
    for (const document of [completed, failed]) {
      const jobs = await jobsOf(document)
      assert.lengthOf(jobs, 1)
      assert.equal(await jobs[0].getState(), 'waiting')
    }
  })

  test('the sweeper job and `node ace documents:sweep` run the same sweep', async ({ assert }) => {
    const company = await createEcCompany()
    const viaJob = await stuckDocument(company)
    await new SweepDocumentsJob().handle({})
    assert.lengthOf(await jobsOf(viaJob), 1)

    const viaCommand = await stuckDocument(company)
    const command = await ace.create(DocumentsSweepCommand, [])
    await command.exec()
    command.assertSucceeded()
    command.assertLogMatches(/2 overdue document\(s\): 1 queued, 1 already queued, 0 failed/)
    assert.lengthOf(await jobsOf(viaCommand), 1)

    const invalid = await ace.create(DocumentsSweepCommand, ['--margin-seconds=-5'])
    await invalid.exec()
    invalid.assertFailed()
  })

  test('registering the every-minute schedule twice keeps one schedule', async ({
    assert,
    cleanup,
  }) => {
    const bull = taxQueue()
    cleanup(async () => {
      await bull.removeJobScheduler(DOCUMENT_SWEEP_SCHEDULER)
    })
    await scheduleDocumentSweep()
    await scheduleDocumentSweep()
    const all = await bull.getJobSchedulers()
    const schedulers = all.filter((item) => item.key === DOCUMENT_SWEEP_SCHEDULER)
    assert.lengthOf(schedulers, 1)
    assert.equal(schedulers[0].every, 60_000)
    assert.equal(schedulers[0].name, SweepDocumentsJob.$$filepath)
  })
})
