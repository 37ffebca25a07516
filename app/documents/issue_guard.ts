/*
|--------------------------------------------------------------------------
| Issue guard: what may refuse an issue, inside the issuing transaction
|--------------------------------------------------------------------------
|
| Events (events.ts) are announced after the commit and cannot refuse
| anything. A check that must be able to refuse an issue, and must not
| race with other issues of the company (the plan's monthly document
| limit: 100 simultaneous issues at the boundary never exceed it), runs
| here instead: last in the issuing transaction, after the issued row is
| written, so whatever lock it takes is held only until the commit. When
| it throws, the whole issue rolls back (the number goes back too).
|
| The lifecycle resolves the guard from the container; the billing module
| binds its implementation (app/billing/provider.ts). Without a binding
| nothing refuses. The same guard explains why a suspended company may not
| issue (the reason the platform gave is kept with its billing account).
|
| A refusal that the user can act on later (a limit) may say so by
| implementing `KeepsDraft`: issuing a new document then keeps what the
| user typed as a draft and rethrows `error.withDraft(draftId)`.
|
*/
import app from '@adonisjs/core/services/app'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { TenantStatus } from '#tenancy/models/tenant'

/** The company issuing. */
export interface IssuingCompany {
  id: number
  country: string
  status: TenantStatus
}

export class IssueGuard {
  /** Inside the issuing transaction, once the document is written: throw to refuse. */
  async check(_trx: TransactionClientContract, _company: IssuingCompany): Promise<void> {}

  /**
   * Before any work, for a company whose status forbids issuing (suspended,
   * cancelled): throw a refusal that says why in the guard's own terms (the
   * platform's reason for a suspension), or return to let the lifecycle's
   * general message stand.
   */
  async explainInactive(_company: IssuingCompany): Promise<void> {}
}

/** A refusal after which the typed document is worth keeping as a draft. */
export interface KeepsDraft extends Error {
  readonly draftId: number | null
  withDraft(draftId: number): KeepsDraft
}

export function keepsDraft(error: unknown): error is KeepsDraft {
  return error instanceof Error && typeof (error as Partial<KeepsDraft>).withDraft === 'function'
}

/** The container's guard. */
export function issueGuard() {
  return app.container.make(IssueGuard)
}
