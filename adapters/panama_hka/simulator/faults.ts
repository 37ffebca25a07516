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
|   ruc_not_found          ConsultarRucDV answers that the RUC is not registered (the
|                          simulator otherwise knows every RUC whose DV it can compute)
|
*/
import { FaultBook, type BookedFault } from '#adapters/core/simulator/fault_book'
import {
  SimulatorInputError,
  faultObject,
  nonNegativeInteger,
  oneOf,
} from '#adapters/core/simulator/kit'
import { HKA_OPERATIONS, type HkaOperation } from '#adapters/panama_hka/namespaces'

export const HKA_FAULT_MODES = [
  'down',
  'slow',
  'http500',
  'timeout_after_accept',
  'duplicate',
  'data_error',
  'no_folios',
  'ruc_not_found',
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

export interface ActiveFault extends BookedFault<HkaFaultMode> {
  operation: HkaOperation | 'all'
  number?: string
  delayMs?: number
  message?: string
}

/** Modes that concern a document being sent: Enviar only. */
const ENVIAR_ONLY: readonly HkaFaultMode[] = ['duplicate', 'data_error', 'no_folios']

/** A document number as the simulator keys it: digits without leading zeros. */
export function numberKey(value: string): string {
  return value.trim().replace(/^0+(?=\d)/, '')
}

/** Validates untrusted input (the control endpoint's JSON) into a fault. */
export function parseFaultInput(input: unknown): HkaFaultInput {
  const value = faultObject(input)
  const mode = oneOf(value.mode, HKA_FAULT_MODES, { es: 'El modo', en: 'The mode' })
  const operation =
    value.operation === undefined
      ? undefined
      : oneOf(value.operation, ['all', ...HKA_OPERATIONS] as const, {
          es: 'La operación',
          en: 'The operation',
        })
  if (value.number !== undefined && !/^\d{1,10}$/.test(String(value.number))) {
    throw new SimulatorInputError('number must have 1 to 10 digits', {
      es: 'El número del documento debe tener de 1 a 10 dígitos.',
      en: 'The document number must have 1 to 10 digits.',
    })
  }
  if (value.message !== undefined && typeof value.message !== 'string') {
    throw new SimulatorInputError('message must be text', {
      es: 'El mensaje debe ser texto.',
      en: 'The message must be text.',
    })
  }
  return {
    mode,
    operation,
    number: value.number === undefined ? undefined : numberKey(String(value.number)),
    delayMs: nonNegativeInteger(value.delayMs, 'delayMs'),
    message: value.message as string | undefined,
    times: nonNegativeInteger(value.times, 'times'),
  }
}

export class HkaFaultBook extends FaultBook<HkaFaultMode, HkaOperation, ActiveFault> {
  constructor() {
    super({ scope: (fault) => fault.operation, target: (fault) => fault.number })
  }

  /** Adds a fault, replacing one with the same mode, operation and number. */
  set(input: HkaFaultInput): ActiveFault {
    const fault = parseFaultInput(input)
    const operation = ENVIAR_ONLY.includes(fault.mode)
      ? 'Enviar'
      : fault.mode === 'ruc_not_found'
        ? 'ConsultarRucDV'
        : (fault.operation ?? (fault.mode === 'timeout_after_accept' ? 'Enviar' : 'all'))
    const active: Omit<ActiveFault, 'id' | 'hits'> = {
      mode: fault.mode,
      operation,
      number: fault.number,
    }
    if (fault.mode === 'slow') active.delayMs = fault.delayMs ?? 5000
    if (fault.mode === 'timeout_after_accept') active.delayMs = fault.delayMs ?? 0
    if (fault.message !== undefined) active.message = fault.message
    if (fault.times !== undefined) active.remaining = fault.times
    return this.add(active)
  }

  /** Clears every fault, or those of one document number. */
  clear(filter: { number?: string } = {}) {
    const number = filter.number === undefined ? undefined : numberKey(filter.number)
    this.remove((fault) => number === undefined || fault.number === number)
  }

  /** The fault that applies (a document's own first), counting one use; spent faults go away. */
  take(mode: HkaFaultMode, operation: HkaOperation, number?: string): ActiveFault | undefined {
    return super.take(mode, operation, number === undefined ? undefined : numberKey(number))
  }
}
