/*
|--------------------------------------------------------------------------
| HKA simulator: fault modes
|--------------------------------------------------------------------------
|
| Faults are set for the whole run or for one document number, on one
| operation or all, and last until cleared or for a number of requests
| (`times`), which is how tests script an outage followed by recovery.
|
|   down                   the socket is destroyed before any reply
|   slow                   the reply is held `delayMs` ms, then processed normally
|   http500                HTTP 500 with an HTML error page (a failing app server)
|   timeout_after_accept   Enviar is processed (authorized, a folio spent), then the
|                          reply never comes: the socket closes after `delayMs`
|   duplicate              Enviar finds the number already authorized (as if an
|                          earlier attempt had gone through) and answers 1513
|   data_error             Enviar is refused by the DGI (2007, an item error) and
|                          nothing is stored
|   no_folios              Enviar is refused because the licence has no folios left
|
*/
import { HKA_OPERATIONS, type HkaOperation } from '#adapters/panama_hka/namespaces'

export const HKA_FAULT_MODES = [
  'down',
  'slow',
  'http500',
  'timeout_after_accept',
  'duplicate',
  'data_error',
  'no_folios',
] as const

export type HkaFaultMode = (typeof HKA_FAULT_MODES)[number]

export interface HkaFaultInput {
  mode: HkaFaultMode
  /** Which operation it hits; default 'all' for down/slow/http500, Enviar otherwise. */
  operation?: HkaOperation | 'all'
  /** Only requests about this numeroDocumentoFiscal (any zero padding); absent = every request. */
  number?: string
  /** slow and timeout_after_accept: delay in ms (defaults 5000 and 0). */
  delayMs?: number
  /** data_error: the DGI message to answer with. */
  message?: string
  /** How many requests the fault affects before it clears itself; absent = until cleared. */
  times?: number
}

export interface ActiveFault {
  id: number
  mode: HkaFaultMode
  operation: HkaOperation | 'all'
  number?: string
  delayMs?: number
  message?: string
  /** Uses left; undefined = unlimited. */
  remaining?: number
  hits: number
}

/** Modes that concern a document being sent: Enviar only. */
const ENVIAR_ONLY: readonly HkaFaultMode[] = ['duplicate', 'data_error', 'no_folios']

export class FaultInputError extends Error {
  constructor(
    message: string,
    readonly messages: { es: string; en: string }
  ) {
    super(message)
  }
}

function count(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new FaultInputError(`${name} must be a non-negative integer`, {
      es: `${name} debe ser un número entero no negativo.`,
      en: `${name} must be a non-negative integer.`,
    })
  }
  return value
}

/** A document number as the simulator keys it: digits without leading zeros. */
export function numberKey(value: string): string {
  return value.trim().replace(/^0+(?=\d)/, '')
}

/** Validates untrusted input (the control endpoint's JSON) into a fault. */
export function parseFaultInput(input: unknown): HkaFaultInput {
  if (!input || typeof input !== 'object') {
    throw new FaultInputError('fault must be a JSON object', {
      es: 'La falla debe ser un objeto JSON.',
      en: 'The fault must be a JSON object.',
    })
  }
  const value = input as Record<string, unknown>
  if (!HKA_FAULT_MODES.includes(value.mode as HkaFaultMode)) {
    throw new FaultInputError(`mode must be one of ${HKA_FAULT_MODES.join(', ')}`, {
      es: `El modo debe ser uno de: ${HKA_FAULT_MODES.join(', ')}.`,
      en: `The mode must be one of: ${HKA_FAULT_MODES.join(', ')}.`,
    })
  }
  const operation = value.operation
  if (
    operation !== undefined &&
    operation !== 'all' &&
    !HKA_OPERATIONS.includes(operation as HkaOperation)
  ) {
    throw new FaultInputError(`operation must be all or one of ${HKA_OPERATIONS.join(', ')}`, {
      es: `La operación debe ser all o una de: ${HKA_OPERATIONS.join(', ')}.`,
      en: `The operation must be all or one of: ${HKA_OPERATIONS.join(', ')}.`,
    })
  }
  if (value.number !== undefined && !/^\d{1,10}$/.test(String(value.number))) {
    throw new FaultInputError('number must have 1 to 10 digits', {
      es: 'El número del documento debe tener de 1 a 10 dígitos.',
      en: 'The document number must have 1 to 10 digits.',
    })
  }
  if (value.message !== undefined && typeof value.message !== 'string') {
    throw new FaultInputError('message must be text', {
      es: 'El mensaje debe ser texto.',
      en: 'The message must be text.',
    })
  }
  return {
    mode: value.mode as HkaFaultMode,
    operation: operation as HkaFaultInput['operation'],
    number: value.number === undefined ? undefined : numberKey(String(value.number)),
    delayMs: count(value.delayMs, 'delayMs'),
    message: value.message as string | undefined,
    times: count(value.times, 'times'),
  }
}

export class FaultBook {
  #faults: ActiveFault[] = []
  #nextId = 1

  /** Adds a fault, replacing one with the same mode, operation and number. */
  set(input: HkaFaultInput): ActiveFault {
    const fault = parseFaultInput(input)
    const operation = ENVIAR_ONLY.includes(fault.mode)
      ? 'Enviar'
      : (fault.operation ?? (fault.mode === 'timeout_after_accept' ? 'Enviar' : 'all'))
    const active: ActiveFault = {
      id: this.#nextId++,
      mode: fault.mode,
      operation,
      number: fault.number,
      hits: 0,
    }
    if (fault.mode === 'slow') active.delayMs = fault.delayMs ?? 5000
    if (fault.mode === 'timeout_after_accept') active.delayMs = fault.delayMs ?? 0
    if (fault.message !== undefined) active.message = fault.message
    if (fault.times !== undefined) active.remaining = fault.times
    this.#faults = this.#faults.filter(
      (other) =>
        !(
          other.mode === active.mode &&
          other.operation === active.operation &&
          other.number === active.number
        )
    )
    this.#faults.push(active)
    return { ...active }
  }

  /** Clears every fault, or those of one document number. */
  clear(filter: { number?: string } = {}) {
    const number = filter.number === undefined ? undefined : numberKey(filter.number)
    this.#faults = this.#faults.filter((fault) => number !== undefined && fault.number !== number)
  }

  list(): ActiveFault[] {
    return this.#faults.map((fault) => ({ ...fault }))
  }

  /** The fault that applies (a document's own first), counting one use; spent faults go away. */
  take(mode: HkaFaultMode, operation: HkaOperation, number?: string): ActiveFault | undefined {
    const key = number === undefined ? undefined : numberKey(number)
    const applies = (fault: ActiveFault) =>
      fault.mode === mode &&
      (fault.operation === 'all' || fault.operation === operation) &&
      (fault.remaining === undefined || fault.remaining > 0)
    const fault =
      this.#faults.find((candidate) => applies(candidate) && key && candidate.number === key) ??
      this.#faults.find((candidate) => applies(candidate) && candidate.number === undefined)
    if (!fault) return undefined
    fault.hits += 1
    if (fault.remaining !== undefined) {
      fault.remaining -= 1
      if (fault.remaining <= 0) this.#faults = this.#faults.filter((other) => other !== fault)
    }
    return { ...fault }
  }
}
