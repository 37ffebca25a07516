/*
|--------------------------------------------------------------------------
| The simulator's SRI: what was received and what was decided
|--------------------------------------------------------------------------
|
| In-memory state behind both services. Recepción checks the comprobante
| and stores it (RECIBIDA) or returns it (DEVUELTA); autorización answers
| EN PROCESO until the configured polls/delay have passed, then decides
| once: AUTORIZADO, or NO AUTORIZADO 39 when the signature does not verify.
|
| Like SRI, a clave that is RECIBIDA or AUTORIZADO cannot be sent again
| (43), while a NO AUTORIZADO one can be corrected and resent with the same
| clave; autorización then lists every decision, oldest first.
|
| The objects returned here are the SOAP reply bodies, shaped after the
| WSDL types, for node-soap to serialize.
|
*/
import { DateTime, FixedOffsetZone } from 'luxon'
import {
  inspectComprobante,
  type InspectedComprobante,
} from '#adapters/ecuador_sri/simulator/document_checks'
import type { SriFaultBook } from '#adapters/ecuador_sri/simulator/faults'
import { verifyComprobanteSignature } from '#adapters/ecuador_sri/simulator/signature_check'

export interface SriLedgerOptions {
  /** Polls answered EN PROCESO before the decision (0: the first poll decides). */
  authorizeAfterPolls: number
  /** Minimum time between recepción and the decision, in ms. */
  authorizeAfterMs: number
  /** fechaAutorizacion as ISO-8601 with offset (current SRI) or dd/MM/yyyy HH:mm:ss (older SRI). */
  dateFormat: 'iso' | 'legacy'
}

export const DEFAULT_LEDGER_OPTIONS: SriLedgerOptions = {
  authorizeAfterPolls: 0,
  authorizeAfterMs: 0,
  dateFormat: 'iso',
}

/** Claves kept in memory (about 15 KB each with their XML). */
export const MAX_DOCUMENTS = 25_000

export interface SriMessage {
  identificador: string
  mensaje: string
  informacionAdicional?: string
  tipo: 'ERROR' | 'ADVERTENCIA' | 'INFORMATIVO'
}

interface Decision {
  accessKey: string
  state: 'AUTORIZADO' | 'NO AUTORIZADO'
  at: Date
  xml: string
  messages: SriMessage[]
}

interface Attempt {
  xml: string
  receivedAt: Date
  polls: number
  /** Why the signature fails, decided at recepción and revealed at autorización. */
  signatureProblem?: string
}

interface LedgerEntry {
  comprobante: InspectedComprobante
  lastReceivedAt: Date
  submissions: number
  polls: number
  pending?: Attempt
  decisions: Decision[]
}

/** One `autorizacion` of the reply, as node-soap serializes it. */
interface AutorizacionReply {
  estado: string
  numeroAutorizacion?: string
  fechaAutorizacion?: string
  ambiente: string
  /** `$xml` is written verbatim by node-soap: here, a CDATA section. */
  comprobante?: { $xml: string }
  mensajes: ReturnType<typeof messageList>
}

export type SimulatedStatus = 'RECIBIDA' | 'AUTORIZADO' | 'NO AUTORIZADO'

/** One received clave, as the simulator's `state` lists it. */
export interface SimulatedDocument {
  accessKey: string
  documentType: 'factura' | 'notaCredito'
  number: string
  environment: 'PRUEBAS' | 'PRODUCCIÓN'
  status: SimulatedStatus
  submissions: number
  polls: number
  receivedAt: string
  decidedAt?: string
  messages: SriMessage[]
}

const ENVIRONMENT_NAMES: Record<string, SimulatedDocument['environment']> = {
  1: 'PRUEBAS',
  2: 'PRODUCCIÓN',
}

/** CDATA cannot contain "]]>": split it across two sections, as XML writers do. */
function cdata(text: string) {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`
}

function messageList(messages: SriMessage[]) {
  return messages.length > 0 ? { mensaje: messages } : {}
}

/** SRI error 45 is about this tuple: one secuencial per issuer, environment, type and point. */
function sequentialKeyOf(comprobante: InspectedComprobante) {
  return [
    comprobante.ruc,
    comprobante.environment,
    comprobante.documentCode,
    comprobante.establishment,
    comprobante.emissionPoint,
    comprobante.sequential,
  ].join('-')
}

function decodeBase64(value: unknown): string {
  if (typeof value !== 'string') return ''
  // The WSDL types the part as base64Binary; ignore the line breaks some clients add.
  return Buffer.from(value.replace(/\s+/g, ''), 'base64').toString('utf8')
}

export class SriLedger {
  #entries = new Map<string, LedgerEntry>()
  #bySequential = new Map<string, string>()

  constructor(
    readonly faults: SriFaultBook,
    public options: SriLedgerOptions = { ...DEFAULT_LEDGER_OPTIONS }
  ) {}

  reset() {
    this.#entries.clear()
    this.#bySequential.clear()
  }

  /*
  |--------------------------------------------------------------------------
  | Recepción
  |--------------------------------------------------------------------------
  */

  /** validarComprobante: `xml` is the base64 payload as received. */
  receive(base64Xml: unknown) {
    const xml = decodeBase64(base64Xml)
    const inspection = inspectComprobante(xml)
    if (!inspection.ok) {
      const { code, text, info, accessKey } = inspection.rejection
      return this.#returned(accessKey ?? '', [
        { identificador: code, mensaje: text, informacionAdicional: info, tipo: 'ERROR' },
      ])
    }

    const comprobante = inspection.comprobante
    const key = comprobante.accessKey

    if (this.faults.take('returned35', 'reception', key)) {
      return this.#returned(key, [
        {
          identificador: '35',
          mensaje: 'ARCHIVO NO CUMPLE ESTRUCTURA XML',
          informacionAdicional: 'Falla simulada (returned35)',
          tipo: 'ERROR',
        },
      ])
    }

    const existing = this.#entries.get(key)
    if (existing && this.#statusOf(existing) !== 'NO AUTORIZADO') {
      // A resend while SRI is still working on the clave is 70; once stored it is 43.
      if (existing.pending && this.faults.peek('error70', 'authorization', key)) {
        return this.#returned(key, [
          {
            identificador: '70',
            mensaje: 'CLAVE DE ACCESO EN PROCESAMIENTO',
            informacionAdicional: 'La clave de acceso se encuentra en procesamiento',
            tipo: 'ERROR',
          },
        ])
      }
      return this.#returned(key, [
        {
          identificador: '43',
          mensaje: 'CLAVE ACCESO REGISTRADA',
          informacionAdicional: `La clave de acceso ${key} ya fue registrada`,
          tipo: 'ERROR',
        },
      ])
    }

    const sequentialKey = sequentialKeyOf(comprobante)
    const owner = this.#bySequential.get(sequentialKey)
    if (owner && owner !== key) {
      return this.#returned(key, [
        {
          identificador: '45',
          mensaje: 'SECUENCIAL REGISTRADO',
          informacionAdicional: `El secuencial ${comprobante.establishment}-${comprobante.emissionPoint}-${comprobante.sequential} ya fue usado por la clave ${owner}`,
          tipo: 'ERROR',
        },
      ])
    }

    const verdict = verifyComprobanteSignature(xml, inspection.document)
    const attempt: Attempt = {
      xml,
      receivedAt: new Date(),
      polls: 0,
      signatureProblem: verdict.valid ? undefined : verdict.reason,
    }
    const entry: LedgerEntry = existing ?? {
      comprobante,
      lastReceivedAt: attempt.receivedAt,
      submissions: 0,
      polls: 0,
      decisions: [],
    }
    entry.comprobante = comprobante
    entry.lastReceivedAt = attempt.receivedAt
    entry.submissions += 1
    entry.pending = attempt
    this.#entries.set(key, entry)
    this.#bySequential.set(sequentialKey, key)
    this.#forgetOldest()

    return { RespuestaRecepcionComprobante: { estado: 'RECIBIDA', comprobantes: {} } }
  }

  #returned(accessKey: string, messages: SriMessage[]) {
    return {
      RespuestaRecepcionComprobante: {
        estado: 'DEVUELTA',
        comprobantes: {
          comprobante: [{ claveAcceso: accessKey, mensajes: messageList(messages) }],
        },
      },
    }
  }

  /*
  |--------------------------------------------------------------------------
  | Autorización
  |--------------------------------------------------------------------------
  */

  /** autorizacionComprobante for one clave. */
  authorize(accessKey: unknown) {
    const key = typeof accessKey === 'string' ? accessKey.trim() : ''
    const entry = this.#entries.get(key)
    if (!entry) {
      // SRI does not know the clave: no entries at all.
      return {
        RespuestaAutorizacionComprobante: {
          claveAccesoConsultada: key,
          numeroComprobantes: '0',
          autorizaciones: {},
        },
      }
    }

    entry.polls += 1
    const environment = ENVIRONMENT_NAMES[entry.comprobante.environment] ?? 'PRUEBAS'
    const listed: AutorizacionReply[] = entry.decisions.map((decision) =>
      this.#entryFor(decision, environment)
    )

    if (entry.pending) {
      const attempt = entry.pending
      attempt.polls += 1
      const inProcess = (messages: SriMessage[]): AutorizacionReply => ({
        estado: 'EN PROCESO',
        ambiente: environment,
        mensajes: messageList(messages),
      })
      if (this.faults.take('error70', 'authorization', key)) {
        listed.push(
          inProcess([
            {
              identificador: '70',
              mensaje: 'CLAVE DE ACCESO EN PROCESAMIENTO',
              informacionAdicional: 'El comprobante está siendo procesado; consulte más tarde',
              tipo: 'ERROR',
            },
          ])
        )
      } else if (this.#ready(attempt)) {
        const decision = this.#decide(key, attempt)
        entry.decisions.push(decision)
        entry.pending = undefined
        listed.push(this.#entryFor(decision, environment))
      } else {
        listed.push(inProcess([]))
      }
    }

    return {
      RespuestaAutorizacionComprobante: {
        claveAccesoConsultada: key,
        numeroComprobantes: String(listed.length),
        autorizaciones: { autorizacion: listed },
      },
    }
  }

  /**
   * SRI never forgets a clave, but a simulator left running through many
   * benchmark runs would grow without bound; past the cap the oldest claves
   * are dropped (Map order is insertion order).
   */
  #forgetOldest() {
    while (this.#entries.size > MAX_DOCUMENTS) {
      const [oldestKey, oldest] = this.#entries.entries().next().value as [string, LedgerEntry]
      this.#entries.delete(oldestKey)
      const { comprobante } = oldest
      const sequentialKey = sequentialKeyOf(comprobante)
      if (this.#bySequential.get(sequentialKey) === oldestKey)
        this.#bySequential.delete(sequentialKey)
    }
  }

  #ready(attempt: Attempt) {
    const waited = Date.now() - attempt.receivedAt.getTime() >= this.options.authorizeAfterMs
    return waited && attempt.polls > this.options.authorizeAfterPolls
  }

  #decide(key: string, attempt: Attempt): Decision {
    const at = new Date()
    if (attempt.signatureProblem || this.faults.take('reject39', 'authorization', key)) {
      return {
        accessKey: key,
        state: 'NO AUTORIZADO',
        at,
        xml: attempt.xml,
        messages: [
          {
            identificador: '39',
            mensaje: 'FIRMA INVALIDA',
            informacionAdicional: attempt.signatureProblem
              ? `La firma es inválida: ${attempt.signatureProblem}`
              : 'Falla simulada (reject39)',
            tipo: 'ERROR',
          },
        ],
      }
    }
    if (this.faults.take('reject52', 'authorization', key)) {
      // SRI names no formula nor tolerance for 52; the simulator only plays the answer.
      return {
        accessKey: key,
        state: 'NO AUTORIZADO',
        at,
        xml: attempt.xml,
        messages: [
          {
            identificador: '52',
            mensaje: 'ERROR EN DIFERENCIAS',
            informacionAdicional: 'Falla simulada (reject52)',
            tipo: 'ERROR',
          },
        ],
      }
    }
    return { accessKey: key, state: 'AUTORIZADO', at, xml: attempt.xml, messages: [] }
  }

  #entryFor(decision: Decision, environment: string): AutorizacionReply {
    return {
      estado: decision.state,
      // Offline scheme: the authorization number is the clave itself.
      ...(decision.state === 'AUTORIZADO' ? { numeroAutorizacion: decision.accessKey } : {}),
      fechaAutorizacion: this.#formatDate(decision.at),
      ambiente: environment,
      comprobante: { $xml: cdata(decision.xml) },
      mensajes: messageList(decision.messages),
    }
  }

  #formatDate(date: Date) {
    // SRI's clock: Ecuador mainland, UTC−5 all year.
    const local = DateTime.fromJSDate(date).setZone(FixedOffsetZone.instance(-5 * 60))
    return this.options.dateFormat === 'legacy'
      ? local.toFormat('dd/MM/yyyy HH:mm:ss')
      : local.startOf('second').toISO({ suppressMilliseconds: true })!
  }

  /*
  |--------------------------------------------------------------------------
  | Inspection
  |--------------------------------------------------------------------------
  */

  #statusOf(entry: LedgerEntry): SimulatedStatus {
    if (entry.pending) return 'RECIBIDA'
    return entry.decisions.at(-1)?.state ?? 'RECIBIDA'
  }

  /** Every clave received, newest first. */
  list(): SimulatedDocument[] {
    const documents: SimulatedDocument[] = []
    for (const [accessKey, entry] of this.#entries) {
      const last = entry.decisions.at(-1)
      const { comprobante } = entry
      documents.push({
        accessKey,
        documentType: comprobante.rootName,
        number: `${comprobante.establishment}-${comprobante.emissionPoint}-${comprobante.sequential}`,
        environment: ENVIRONMENT_NAMES[comprobante.environment] ?? 'PRUEBAS',
        status: this.#statusOf(entry),
        submissions: entry.submissions,
        polls: entry.polls,
        receivedAt: entry.lastReceivedAt.toISOString(),
        decidedAt: entry.pending ? undefined : last?.at.toISOString(),
        messages: entry.pending ? [] : (last?.messages ?? []),
      })
    }
    return documents.reverse()
  }

  /** The signed XML last received for a clave. */
  documentXml(accessKey: string): string | undefined {
    const entry = this.#entries.get(accessKey)
    return entry?.pending?.xml ?? entry?.decisions.at(-1)?.xml
  }
}
