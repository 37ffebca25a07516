/*
|--------------------------------------------------------------------------
| Document state machine
|--------------------------------------------------------------------------
|
|   DRAFT → ISSUED (numbered, built, signed, stored)
|   ISSUED → SUBMITTED | PENDING | AUTHORIZED | REJECTED
|     (AUTHORIZED straight from ISSUED: a status query finds a document
|     whose submit reply was lost, SRI 43)
|   PENDING → SUBMITTED | AUTHORIZED | REJECTED     (the authority was unreachable)
|   SUBMITTED → AUTHORIZED | REJECTED | PENDING
|   AUTHORIZED → VOIDED   (only where the authority voids documents itself,
|     within its window: the country's profile says; elsewhere a credit
|     note cancels the sale and the invoice stays AUTHORIZED)
|
| AUTHORIZED and REJECTED are final for the authority pipeline; VOIDED is
| final for good. Transitions are applied with a
| compare-and-set UPDATE (`where status in <allowed sources>`), so two
| workers racing on one document cannot both move it: the loser updates no
| row and stops. That is what keeps a document from being authorized twice.
|
*/

export const DOCUMENT_STATUSES = [
  'DRAFT',
  'ISSUED',
  'SUBMITTED',
  'PENDING',
  'AUTHORIZED',
  'REJECTED',
  'VOIDED',
] as const
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number]

export const FINAL_STATUSES: readonly DocumentStatus[] = ['AUTHORIZED', 'REJECTED', 'VOIDED']

/** Statuses the authority pipeline still has work for. */
export const UNFINISHED_STATUSES: readonly DocumentStatus[] = ['ISSUED', 'SUBMITTED', 'PENDING']

const TRANSITIONS: Record<DocumentStatus, readonly DocumentStatus[]> = {
  DRAFT: ['ISSUED'],
  ISSUED: ['SUBMITTED', 'PENDING', 'AUTHORIZED', 'REJECTED'],
  PENDING: ['SUBMITTED', 'AUTHORIZED', 'REJECTED', 'PENDING'],
  SUBMITTED: ['AUTHORIZED', 'REJECTED', 'PENDING', 'SUBMITTED'],
  AUTHORIZED: ['VOIDED'],
  REJECTED: [],
  VOIDED: [],
}

export function canTransition(from: DocumentStatus, to: DocumentStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

/** The statuses a document may be in to move to `to`. */
export function sourcesOf(to: DocumentStatus): DocumentStatus[] {
  return DOCUMENT_STATUSES.filter((from) => TRANSITIONS[from].includes(to))
}

export function isFinal(status: DocumentStatus) {
  return FINAL_STATUSES.includes(status)
}

/** A transition the machine does not allow (a programming error or a lost race). */
export class InvalidTransitionError extends Error {
  readonly code = 'E_INVALID_TRANSITION'
  constructor(
    readonly from: DocumentStatus | null,
    readonly to: DocumentStatus
  ) {
    super(`A document cannot go from ${from ?? 'unknown'} to ${to}`)
  }
}
