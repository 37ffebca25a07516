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

export interface ActiveFault {
  id: number
  mode: SriFaultMode
  accessKey?: string
  service: SriService | 'all'
  delayMs?: number
  /** Uses left (polls for error70, times otherwise); undefined = unlimited. */
  remaining?: number
  /** How many requests it has hit so far. */
  hits: number
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

export class FaultInputError extends Error {
  constructor(
    message: string,
    readonly messages: { es: string; en: string }
  ) {
    super(message)
  }
}

function positiveInteger(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new FaultInputError(`${name} must be a non-negative integer`, {
      es: `${name} debe ser un número entero no negativo.`,
      en: `${name} must be a non-negative integer.`,
    })
  }
  return value
}

/** Validates untrusted input (e.g. the control endpoint's JSON) into a fault. */
export function parseFaultInput(input: unknown): SriFaultInput {
  if (!input || typeof input !== 'object') {
    throw new FaultInputError('fault must be a JSON object', {
      es: 'La falla debe ser un objeto JSON.',
      en: 'The fault must be a JSON object.',
    })
  }
  const value = input as Record<string, unknown>
  if (!SRI_FAULT_MODES.includes(value.mode as SriFaultMode)) {
    throw new FaultInputError(`mode must be one of ${SRI_FAULT_MODES.join(', ')}`, {
      es: `El modo debe ser uno de: ${SRI_FAULT_MODES.join(', ')}.`,
      en: `The mode must be one of: ${SRI_FAULT_MODES.join(', ')}.`,
    })
  }
  if (value.accessKey !== undefined && !/^\d{49}$/.test(String(value.accessKey))) {
    throw new FaultInputError('accessKey must have 49 digits', {
      es: 'La clave de acceso debe tener 49 dígitos.',
      en: 'The access key must have 49 digits.',
    })
  }
  if (
    value.service !== undefined &&
    !['reception', 'authorization', 'all'].includes(String(value.service))
  ) {
    throw new FaultInputError('service must be reception, authorization or all', {
      es: 'El servicio debe ser reception, authorization o all.',
      en: 'The service must be reception, authorization or all.',
    })
  }
  return {
    mode: value.mode as SriFaultMode,
    accessKey: value.accessKey === undefined ? undefined : String(value.accessKey),
    service: value.service as SriFaultInput['service'],
    delayMs: positiveInteger(value.delayMs, 'delayMs'),
    polls: positiveInteger(value.polls, 'polls'),
    times: positiveInteger(value.times, 'times'),
  }
}

export class FaultBook {
  #faults: ActiveFault[] = []
  #nextId = 1

  /** Adds a fault, replacing one with the same mode, clave and service. */
  set(input: SriFaultInput): ActiveFault {
    const fault = parseFaultInput(input)
    const natural = MODE_SERVICE[fault.mode]
    const service = natural === 'all' ? (fault.service ?? 'all') : natural
    const active: ActiveFault = {
      id: this.#nextId++,
      mode: fault.mode,
      accessKey: fault.accessKey,
      service,
      hits: 0,
    }
    if (fault.mode === 'slow') active.delayMs = fault.delayMs ?? 5000
    if (fault.mode === 'error70') active.remaining = fault.polls ?? fault.times ?? 1
    else if (fault.times !== undefined) active.remaining = fault.times
    this.#faults = this.#faults.filter(
      (other) =>
        !(
          other.mode === active.mode &&
          other.accessKey === active.accessKey &&
          other.service === active.service
        )
    )
    this.#faults.push(active)
    return { ...active }
  }

  /** Clears every fault, or those of one clave (`accessKey`), or of one mode. */
  clear(filter: { accessKey?: string; mode?: SriFaultMode } = {}) {
    this.#faults = this.#faults.filter((fault) => {
      if (filter.accessKey !== undefined && fault.accessKey !== filter.accessKey) return true
      if (filter.mode !== undefined && fault.mode !== filter.mode) return true
      return false
    })
  }

  list(): ActiveFault[] {
    return this.#faults.map((fault) => ({ ...fault }))
  }

  /** The fault that applies, a clave's own fault first, without using it up. */
  peek(mode: SriFaultMode, service: SriService, accessKey?: string): ActiveFault | undefined {
    const applies = (fault: ActiveFault) =>
      fault.mode === mode &&
      (fault.service === 'all' || fault.service === service) &&
      (fault.remaining === undefined || fault.remaining > 0)
    return (
      this.#faults.find((fault) => applies(fault) && accessKey && fault.accessKey === accessKey) ??
      this.#faults.find((fault) => applies(fault) && fault.accessKey === undefined)
    )
  }

  /** Like peek, and counts one use; a fault whose uses run out is removed (recovery). */
  take(mode: SriFaultMode, service: SriService, accessKey?: string): ActiveFault | undefined {
    const fault = this.peek(mode, service, accessKey)
    if (!fault) return undefined
    fault.hits += 1
    if (fault.remaining !== undefined) {
      fault.remaining -= 1
      if (fault.remaining <= 0) this.#faults = this.#faults.filter((other) => other !== fault)
    }
    return { ...fault }
  }
}
