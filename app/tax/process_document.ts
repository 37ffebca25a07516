/*
|--------------------------------------------------------------------------
| Process: submit and poll until the authority decides
|--------------------------------------------------------------------------
|
| One call does one round of work for one document and says when to come
| back. The rules, in order:
|
| 1. Final documents (AUTHORIZED, REJECTED) are left alone: running a job
|    twice is harmless.
| 2. Before any resend, ask the authority for the status. A document that
|    was ever handed to the transport (`submit_attempts > 0` on its
|    submission row, models/tax_submission.ts) may have
|    arrived even if the reply was lost or the worker died; only an
|    `unknown` answer allows sending it again.
| 3. The attempt counter is written BEFORE the document is sent, so a crash
|    in the middle leaves a trace that rule 2 reads.
| 4. Unreachable authority (E_TAX_TRANSPORT): PENDING, retry with capped
|    exponential backoff, for as long as it takes.
| 5. "En proceso": SUBMITTED, poll with backoff up to 24 h, then flag.
|    A person may ask again ("Consultar de nuevo", #tax/check_again):
|    that opens a new 24 h window.
| 6. Replies are classified by the adapter's error policy (adviseOn): for
|    SRI 43/70 mean "query, never resend", 45 means "look up the stored
|    clave", 35/39/52/65 are final rejections with their explanation.
|
*/
import { DateTime } from 'luxon'
import tax from '#adapters/core/services/tax'
import { TaxError } from '#adapters/core/errors'
import type { IssuerContext, StatusResult } from '#adapters/core/types'
import type { TaxAuthority } from '#adapters/core/tax_authority'
import Document from '#documents/models/document'
import { isFinal } from '#documents/state_machine'
import type Tenant from '#tenancy/models/tenant'
import { issuerContextFor } from '#certificates/issuer_context'
import { pipelineSchedule, type PipelineSchedule } from '#tax/backoff'
import { recordEvent, transition, type EventInput } from '#documents/transitions'
import TaxSubmission from '#tax/models/tax_submission'
import {
  alongside,
  appliedAlongside,
  updateSubmission,
  type SubmissionChanges,
} from '#tax/submissions'

/** What the caller (the job) does next. */
export type ProcessOutcome =
  | { next: 'done'; status: Document['status'] }
  | { next: 'retry'; delayMs: number; status: Document['status'] }

function textOf(error: unknown) {
  if (error instanceof TaxError) return `${error.message}`.slice(0, 500)
  return String((error as Error)?.message ?? error).slice(0, 500)
}

class Run {
  constructor(
    readonly tenant: Tenant,
    readonly document: Document,
    readonly submission: TaxSubmission,
    readonly authority: TaxAuthority,
    readonly issuer: IssuerContext,
    readonly schedule: PipelineSchedule
  ) {}

  get ref() {
    return {
      authorityKey: this.document.accessKey!,
      documentType: this.document.type,
      number: this.document.number ?? undefined,
    }
  }

  done(): ProcessOutcome {
    return { next: 'done', status: this.document.status }
  }

  /**
   * A status change: the document's columns, its event and the
   * submission's columns in one statement (the lifecycle's compare-and-set,
   * with the submission folded in). False when another worker got there
   * first.
   */
  async move(
    to: Document['status'],
    event: EventInput,
    documentChanges: Record<string, unknown>,
    submissionChanges: SubmissionChanges
  ) {
    const moved = await transition(this.document, to, event, documentChanges, {
      alongside: alongside(submissionChanges),
    })
    if (moved) appliedAlongside(this.submission, submissionChanges)
    return moved
  }

  /** Bookkeeping without a status change. */
  touch(changes: SubmissionChanges) {
    return updateSubmission(this.submission, changes)
  }

  async start(): Promise<ProcessOutcome> {
    const neverConfirmed = this.submission.submittedAt === null
    if (neverConfirmed && this.submission.submitAttempts === 0) return this.submit()
    // Rule 2: it may already be there.
    const status = await this.authority.checkStatus(this.ref, this.issuer)
    if (status.status === 'unknown') return this.submit()
    return this.onStatus(status)
  }

  async submit(): Promise<ProcessOutcome> {
    await this.touch({ submit_attempts: this.submission.submitAttempts + 1 })
    const result = await this.authority.submit(
      {
        country: this.tenant.country,
        documentType: this.document.type,
        authorityKey: this.document.accessKey!,
        number: this.document.number!,
        body: this.document.signedXml!,
        contentType: 'application/xml',
        signedAt: this.document.signedAt?.toISO() ?? new Date().toISOString(),
      },
      this.issuer
    )

    if (result.status !== 'rejected' && result.authorized) {
      // A synchronous authority decided in the reply (HKA's Enviar): its
      // decision carries what a status query would not (the QR URL, the
      // protocol number), so it is applied as it came.
      return this.onStatus(result.authorized)
    }
    if (result.status !== 'rejected') {
      const moved = await this.move(
        'SUBMITTED',
        { kind: 'submitted', messages: result.messages, raw: result.raw },
        {},
        { submitted_at: new Date(), last_error: null }
      )
      if (!moved) return this.done()
      return this.check()
    }

    const advice = this.authority.adviseOn(result.messages)
    await recordEvent(this.document, {
      kind: 'returned',
      messages: result.messages,
      raw: result.raw,
      detail: `${advice.code} ${advice.title.es}`,
    })
    if (advice.action === 'query' || advice.action === 'lookup') {
      // SRI 43/70/45: the clave is already there; ask instead of resending.
      await this.touch({ submitted_at: new Date() })
      return this.check()
    }
    if (advice.action === 'retry') return this.unreachable(advice.title.es)
    await this.move(
      'REJECTED',
      { kind: 'rejected', messages: result.messages, raw: result.raw },
      {},
      { last_error: `${advice.code} ${advice.title.es}`.slice(0, 500), next_check_at: null }
    )
    return this.done()
  }

  async check(): Promise<ProcessOutcome> {
    const status = await this.authority.checkStatus(this.ref, this.issuer)
    if (status.status === 'unknown') {
      // The authority lost a document it had acknowledged: send it again.
      return this.submit()
    }
    return this.onStatus(status)
  }

  async onStatus(status: StatusResult): Promise<ProcessOutcome> {
    if (status.status === 'authorized') {
      // The lifecycle announces document:authorized (the customer e-mail listens).
      await this.move(
        'AUTHORIZED',
        { kind: 'authorized', messages: status.messages, raw: status.raw },
        {
          authorization_number: status.authorizationNumber ?? this.document.accessKey,
          // The key the authority assigned (HKA: the CUFE) names the document from now on.
          access_key: status.authorityKey ?? this.document.accessKey,
          verification_url: status.verificationUrl ?? this.document.verificationUrl ?? null,
          protocol_number: status.protocolNumber ?? this.document.protocolNumber ?? null,
          authorized_at: status.authorizedAt ?? new Date(),
          authorized_xml: status.authorizedDocument ?? null,
          authorization_xml: status.authorizationRecord ?? null,
        },
        {
          submitted_at: this.submission.submittedAt?.toJSDate() ?? new Date(),
          last_error: null,
          next_check_at: null,
          pending_since: null,
        }
      )
      return this.done()
    }

    if (status.status === 'rejected') {
      const advice = this.authority.adviseOn(status.messages)
      await this.move(
        'REJECTED',
        { kind: 'rejected', messages: status.messages, raw: status.raw },
        {},
        { last_error: `${advice.code} ${advice.title.es}`.slice(0, 500), next_check_at: null }
      )
      return this.done()
    }

    // pending: "en proceso" (SRI 70 included)
    const checks = this.submission.statusChecks + 1
    // "Consultar de nuevo" on a flagged document opens a new window (pollingSince).
    const since =
      this.submission.pollingSince ??
      this.submission.submittedAt ??
      this.document.signedAt ??
      DateTime.now()
    const waited = Date.now() - since.toMillis()
    if (waited >= this.schedule.pollWindowMs) {
      await this.touch({ status_checks: checks, flagged_at: new Date(), next_check_at: null })
      await recordEvent(this.document, {
        kind: 'flagged',
        messages: status.messages,
        raw: status.raw,
        detail: 'still in process after the polling window',
      })
      return this.done()
    }
    const delayMs = this.schedule.pollDelay(checks)
    const moved = await this.move(
      'SUBMITTED',
      { kind: 'status_checked', messages: status.messages, raw: status.raw },
      {},
      {
        status_checks: checks,
        submitted_at: this.submission.submittedAt?.toJSDate() ?? new Date(),
        next_check_at: new Date(Date.now() + delayMs),
        pending_since: null,
      }
    )
    if (!moved) return this.done()
    return { next: 'retry', delayMs, status: this.document.status }
  }

  async unreachable(detail: string): Promise<ProcessOutcome> {
    await this.document.refresh()
    await this.submission.refresh()
    if (isFinal(this.document.status)) return this.done()
    const attempts = Math.max(1, this.submission.submitAttempts + this.submission.statusChecks)
    const delayMs = this.schedule.retryDelay(attempts)
    const changes: SubmissionChanges = {
      last_error: detail.slice(0, 500),
      next_check_at: new Date(Date.now() + delayMs),
      pending_since: this.submission.pendingSince?.toJSDate() ?? new Date(),
      // Count the failed round, so the next job gets its own step id.
      status_checks: this.submission.statusChecks + 1,
    }
    if (this.document.status === 'PENDING' || this.document.status === 'ISSUED') {
      await this.move('PENDING', { kind: 'transport_error', detail }, {}, changes)
    } else {
      // Acknowledged by the authority: it stays SUBMITTED, we only could not poll.
      await this.touch(changes)
      await recordEvent(this.document, { kind: 'transport_error', detail })
    }
    return { next: 'retry', delayMs, status: this.document.status }
  }
}

/**
 * Does one round of authority work for a document of `tenant` (run inside
 * the tenant context). Never throws for authority trouble: transport
 * failures become PENDING plus a retry.
 */
export async function processDocument(tenant: Tenant, documentId: number): Promise<ProcessOutcome> {
  const document = await Document.find(documentId)
  if (!document || document.status === 'DRAFT' || isFinal(document.status)) {
    return { next: 'done', status: document?.status ?? 'DRAFT' }
  }
  if (document.isDemo) return { next: 'done', status: document.status }
  // Opened by the issue statement: every issued document has one.
  const submission = await TaxSubmission.findOrFail(document.id)
  const authority = tax.use(tenant.country)
  const issuer = await issuerContextFor(tenant)
  const run = new Run(tenant, document, submission, authority, issuer, await pipelineSchedule())
  try {
    return await run.start()
  } catch (error) {
    if (error instanceof TaxError && error.retryable) {
      return run.unreachable(`${error.messages.es} (${textOf(error)})`)
    }
    throw error
  }
}
