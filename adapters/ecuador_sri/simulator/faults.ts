/*
|--------------------------------------------------------------------------
| Simulator fault modes
|--------------------------------------------------------------------------
|
| Faults are set for the whole run or for one clave, and last until cleared
| or for a number of requests (`times`), which is how tests script an outage
| followed by recovery.
|
|   down        the socket is destroyed before any reply (client sees a reset)
|   slow        the reply is held `delayMs` ms, then processed normally
|   http500     HTTP 500 with an HTML error page, like a failing app server
|   error70     autorización answers EN PROCESO with 70 for `polls` polls;
|               a resend meanwhile is DEVUELTA 70
|   reject39    the next decision is NO AUTORIZADO 39 (FIRMA INVALIDA)
|   reject52    the next decision is NO AUTORIZADO 52 (ERROR EN DIFERENCIAS)
|   returned35  recepción answers DEVUELTA 35 and stores nothing
|
*/
import { FaultBook, type BookedFault } from '#adapters/core/simulator/fault_book'
import {
  SimulatorInputError,
  faultObject,
  nonNegativeInteger,
  oneOf,
} from '#adapters/core/simulator/kit'

export const SRI_FAULT_MODES = [
  'down',
  'slow',
  'http500',
  'error70',
  'reject39',
  'reject52',
  'returned35',
] as const

export type SriFaultMode = (typeof SRI_FAULT_MODES)[number]

export type SriService = 'reception' | 'authorization'

export interface SriFaultInput {
  mode: SriFaultMode
  /** Only requests about this clave; absent = every request. */
  accessKey?: string
  /** Which service a transport fault (down, slow, http500) hits; default both. */
  service?: SriService | 'all'
  /** slow: delay in ms (default 5000). */
  delayMs?: number
  /** error70: how many polls answer EN PROCESO 70 (default 1). */
  polls?: number
  /** How many requests the fault affects before it clears itself; absent = until cleared. */
  times?: number
}

export interface ActiveFault extends BookedFault<SriFaultMode> {
  accessKey?: string
  service: SriService | 'all'
  delayMs?: number
}

/** Which service each mode can affect. */
const MODE_SERVICE: Record<SriFaultMode, SriService | 'all'> = {
  down: 'all',
  slow: 'all',
  http500: 'all',
  error70: 'authorization',
  reject39: 'authorization',
  reject52: 'authorization',
  returned35: 'reception',
}

/** Validates untrusted input (e.g. the control endpoint's JSON) into a fault. */
export function parseFaultInput(input: unknown): SriFaultInput {
  const value = faultObject(input)
  const mode = oneOf(value.mode, SRI_FAULT_MODES, { es: 'El modo', en: 'The mode' })
  if (value.accessKey !== undefined && !/^\d{49}$/.test(String(value.accessKey))) {
    throw new SimulatorInputError('accessKey must have 49 digits', {
      es: 'La clave de acceso debe tener 49 dígitos.',
      en: 'The access key must have 49 digits.',
    })
  }
  const service =
    value.service === undefined
      ? undefined
      : oneOf(value.service, ['reception', 'authorization', 'all'] as const, {
          es: 'El servicio',
          en: 'The service',
        })
  return {
    mode,
    accessKey: value.accessKey === undefined ? undefined : String(value.accessKey),
    service,
    delayMs: nonNegativeInteger(value.delayMs, 'delayMs'),
    polls: nonNegativeInteger(value.polls, 'polls'),
    times: nonNegativeInteger(value.times, 'times'),
  }
}

export class SriFaultBook extends FaultBook<SriFaultMode, SriService, ActiveFault> {
  constructor() {
    super({ scope: (fault) => fault.service, target: (fault) => fault.accessKey })
  }

  /** Adds a fault, replacing one with the same mode, clave and service. */
  set(input: SriFaultInput): ActiveFault {
    const fault = parseFaultInput(input)
    const natural = MODE_SERVICE[fault.mode]
    const active: Omit<ActiveFault, 'id' | 'hits'> = {
      mode: fault.mode,
      accessKey: fault.accessKey,
      service: natural === 'all' ? (fault.service ?? 'all') : natural,
    }
    if (fault.mode === 'slow') active.delayMs = fault.delayMs ?? 5000
    if (fault.mode === 'error70') active.remaining = fault.polls ?? fault.times ?? 1
    else if (fault.times !== undefined) active.remaining = fault.times
    return this.add(active)
  }

  /** Clears every fault, or those of one clave (`accessKey`), or of one mode. */
  clear(filter: { accessKey?: string; mode?: SriFaultMode } = {}) {
    this.remove(
      (fault) =>
        (filter.accessKey === undefined || fault.accessKey === filter.accessKey) &&
        (filter.mode === undefined || fault.mode === filter.mode)
    )
  }
}
