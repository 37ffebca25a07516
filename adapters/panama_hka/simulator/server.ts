/*
|--------------------------------------------------------------------------
| HKA simulator server
|--------------------------------------------------------------------------
|
| A local stand-in for The Factory HKA's integration service, on the same
| path as HKA's hosts:
|
|   <url>/ws/obj/v1.0/Service.svc            SOAP 1.1 (POST, SOAPAction)
|   <url>/ws/obj/v1.0/Service.svc?wsdl       the service description
|   <url>/ws/obj/v1.0/Service.svc?singleWsdl (also)
|
| the nine operations with HKA's namespaces and reply shapes (soap.ts), the
| checks of a documento (documento_checks.ts), accounts, folios and
| documents (hka_ledger.ts), fault injection (faults.ts), a JSON control
| API for tests and demos (listed above handleControl) and a status page at
| <url>/.
|
| SOAP is handled here rather than by the `soap` package's server: the
| replies must be written exactly as HKA's examples (prefixes, nil fields)
| and the requests read strictly by namespace, as WCF reads them.
|
*/
import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { XMLSerializer } from '@xmldom/xmldom'
import {
  CONTROL_PATH,
  SimulatorInputError,
  applyTransportFaults,
  handleControl,
  listenHttp,
  nonNegativeInteger,
  readBody,
  routeSimulator,
  sendHtml,
  sendJson,
  sleep,
} from '#adapters/core/simulator/kit'
import { parseWellFormed } from '#adapters/core/xml_dom'
import type { DocumentData } from '#adapters/panama_hka/document_key'
import {
  API_REST_NS,
  COMPROBANTE_NS,
  HKA_OPERATIONS,
  MODEL_NS,
  TEMPURI_NS,
  type HkaOperation,
} from '#adapters/panama_hka/namespaces'
import { SERVICE_PATH } from '#adapters/panama_hka/transport/hka_transport'
import {
  HKA_FAULT_MODES,
  HkaFaultBook,
  type ActiveFault,
  type HkaFaultInput,
  type HkaFaultMode,
} from '#adapters/panama_hka/simulator/faults'
import {
  DEFAULT_LEDGER_OPTIONS,
  HkaLedger,
  isoPanama,
  panamaTime,
  publicAccount,
  type AccountInput,
  type LedgerOptions,
  type Refusal,
  type SimulatedDocument,
  type SimulatorAccount,
} from '#adapters/panama_hka/simulator/hka_ledger'
import { cafePdf, rfeXml } from '#adapters/panama_hka/simulator/files'
import {
  child,
  childValue,
  elements,
  faultEnvelope,
  replyEnvelope,
  type ReplyField,
} from '#adapters/panama_hka/simulator/soap'
import { renderStatusPage } from '#adapters/panama_hka/simulator/status_page'

export { CONTROL_PATH }

/** Largest request accepted: a documento of a few thousand lines, with room to spare. */
const MAX_BODY_BYTES = 4 * 1024 * 1024

const TRACKING_NS = 'http://schemas.datacontract.org/2004/07/Services.Response.Tracking'

export interface HkaSimulatorOptions extends Partial<LedgerOptions> {
  /** 0 (default) picks a free port. */
  port?: number
  host?: string
  /** Accounts to open at start. */
  accounts?: AccountInput[]
}

export interface SimulatorStats {
  wsdl: number
  calls: Record<HkaOperation, number>
}

export interface HkaSimulator {
  /** Base URL, e.g. http://127.0.0.1:3402 */
  url: string
  /** The service URL (append ?wsdl or ?singleWsdl for its description). */
  serviceUrl: string
  setFault(fault: HkaFaultInput): ActiveFault
  /** Clears every fault, or those of one document number. */
  clearFaults(number?: string): void
  readonly faults: ActiveFault[]
  /** Opens or updates an account (tokens, RUC, folios). */
  register(account: AccountInput): Omit<SimulatorAccount, 'tokenPassword'>
  configure(options: Partial<LedgerOptions>): LedgerOptions
  /** Every document received, newest first. */
  readonly state: SimulatedDocument[]
  readonly accounts: Array<Omit<SimulatorAccount, 'tokenPassword'>>
  readonly stats: SimulatorStats
  /** Forgets documents, accounts, faults and option changes (back to how it started). */
  reset(): void
  close(): Promise<void>
}

function sendXml(response: ServerResponse, status: number, xml: string) {
  response.writeHead(status, { 'Content-Type': 'text/xml; charset=utf-8' })
  response.end(xml)
}

async function loadWsdl(location: string) {
  const text = await readFile(new URL('../transport/wsdl/Service.wsdl', import.meta.url), 'utf8')
  return text.replace(/(<soap:address\s+location=")[^"]*(")/, `$1${location}$2`)
}

/** datosDocumento, read in Services.Model as WCF would; undefined when a field is missing. */
function datosDocumento(operationElement: Element): DocumentData | undefined {
  const datos = child(operationElement, TEMPURI_NS, 'datosDocumento')
  if (!datos) return undefined
  const value = (name: string) => (childValue(datos, MODEL_NS, name) ?? '').trim()
  const data = {
    establishmentCode: value('codigoSucursalEmisor'),
    number: value('numeroDocumentoFiscal'),
    emissionPointCode: value('puntoFacturacionFiscal'),
    documentType: value('tipoDocumento'),
    emissionType: value('tipoEmision'),
  }
  return Object.values(data).every((entry) => entry !== '') ? data : undefined
}

const refusalFields = (refusal: Refusal, extra: string[] = []): ReplyField[] => [
  ['codigo', refusal.codigo],
  ['resultado', 'error'],
  ['mensaje', refusal.mensaje],
  ...extra.map((name): ReplyField => [name, null]),
]

const MISSING_DATA: Refusal = {
  ok: false,
  codigo: '400',
  mensaje:
    'datosDocumento incompleto: codigoSucursalEmisor, numeroDocumentoFiscal, puntoFacturacionFiscal, tipoDocumento y tipoEmision son requeridos.',
}

const NOT_FOUND: Refusal = { ok: false, codigo: '404', mensaje: 'El documento no existe.' }

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * Starts the simulator and resolves once it listens. Used in-process by
 * tests (port 0) and by `node ace tax:simulator PA`.
 */
export async function startHkaSimulator(options: HkaSimulatorOptions = {}): Promise<HkaSimulator> {
  const host = options.host ?? '127.0.0.1'
  const faults = new HkaFaultBook()
  const initialOptions: LedgerOptions = {
    autoRegister: options.autoRegister ?? DEFAULT_LEDGER_OPTIONS.autoRegister,
    cycleFolios: options.cycleFolios ?? DEFAULT_LEDGER_OPTIONS.cycleFolios,
    voidWindowDays: options.voidWindowDays ?? DEFAULT_LEDGER_OPTIONS.voidWindowDays,
  }
  const ledger = new HkaLedger(initialOptions)
  for (const account of options.accounts ?? []) ledger.register(account)

  const emptyCalls = () =>
    Object.fromEntries(HKA_OPERATIONS.map((operation) => [operation, 0])) as Record<
      HkaOperation,
      number
    >
  const stats: SimulatorStats = { wsdl: 0, calls: emptyCalls() }
  const { server, url, close } = await listenHttp(options.port ?? 0, host)
  const serviceUrl = `${url}${SERVICE_PATH}`
  const wsdl = await loadWsdl(serviceUrl)

  const simulator: HkaSimulator = {
    url,
    serviceUrl,
    setFault: (fault) => faults.set(fault),
    clearFaults: (number) => faults.clear(number ? { number } : {}),
    get faults() {
      return faults.list()
    },
    register(account) {
      return publicAccount(ledger.register(account))
    },
    configure(changes) {
      Object.assign(ledger.options, changes)
      return { ...ledger.options }
    },
    get state() {
      return ledger.list()
    },
    get accounts() {
      return ledger.accounts()
    },
    get stats() {
      return { wsdl: stats.wsdl, calls: { ...stats.calls } }
    },
    reset() {
      faults.clear()
      ledger.reset()
      Object.assign(ledger.options, initialOptions)
      for (const account of options.accounts ?? []) ledger.register(account)
      stats.wsdl = 0
      stats.calls = emptyCalls()
    },
    close,
  }

  /** One operation, authenticated; returns the reply envelope. */
  async function operate(
    operation: HkaOperation,
    element: Element,
    apply: (mode: HkaFaultMode) => ActiveFault | undefined
  ): Promise<string> {
    const now = new Date()
    const credentials =
      operation === 'ConsultarRucDV' ? child(element, TEMPURI_NS, 'consultarRucDVRequest') : element
    const tokenNs = operation === 'ConsultarRucDV' ? API_REST_NS : TEMPURI_NS
    const account = ledger.authenticate(
      credentials && childValue(credentials, tokenNs, 'tokenEmpresa'),
      credentials && childValue(credentials, tokenNs, 'tokenPassword')
    )
    const nilFields: Record<HkaOperation, string[]> = {
      Enviar: ['cufe', 'qr', 'fechaRecepcionDGI', 'nroProtocoloAutorizacion', 'fechaLimite'],
      EstadoDocumento: [],
      AnulacionDocumento: [],
      DescargaXML: ['documento'],
      DescargaPDF: ['documento'],
      FoliosRestantes: [],
      EnvioCorreo: [],
      RastreoCorreo: ['listaRastreo'],
      ConsultarRucDV: ['infoRuc'],
    }
    const refuse = (refusal: Refusal) =>
      replyEnvelope(operation, refusalFields(refusal, nilFields[operation]))
    if ('ok' in account) return refuse(account)

    switch (operation) {
      case 'Enviar': {
        const documento = child(element, TEMPURI_NS, 'documento')
        const documentoXml = documento ? new XMLSerializer().serializeToString(documento) : ''
        const dataError = apply('data_error')
        const result = ledger.send(account, documento, documentoXml, now, {
          duplicate: Boolean(apply('duplicate')),
          noFolios: Boolean(apply('no_folios')),
          dataError: dataError
            ? (dataError.message ?? '2007-Item 1: el valor del ITBMS no corresponde a la tasa')
            : undefined,
        })
        if (!result.ok) return refuse(result)
        const document = result.document
        return replyEnvelope('Enviar', [
          ['codigo', '200'],
          ['resultado', 'procesado'],
          ['mensaje', 'El documento se envió correctamente.'],
          ['cufe', document.cufe],
          ['qr', document.qr],
          ['fechaRecepcionDGI', isoPanama(document.receivedAt)],
          ['nroProtocoloAutorizacion', document.protocol],
          ['fechaLimite', null],
        ])
      }

      case 'EstadoDocumento': {
        const data = datosDocumento(element)
        if (!data) return refuse(MISSING_DATA)
        const document = ledger.find(account, data)
        if (!document) return refuse(NOT_FOUND)
        const voided = document.status === 'Anulada'
        return replyEnvelope('EstadoDocumento', [
          ['codigo', '200'],
          ['mensaje', 'Se retornan datos del documento.'],
          ['cufe', document.cufe],
          ['fechaEmisionDocumento', panamaTime(new Date(document.issuedAt))],
          ['fechaRecepcionDocumento', panamaTime(document.receivedAt)],
          ['estatusDocumento', document.status],
          [
            'mensajeDocumento',
            voided ? `Anulado: ${document.voidReason ?? ''}` : 'Autorizado el uso de la FE',
          ],
          ['resultado', 'procesado'],
        ])
      }

      case 'AnulacionDocumento': {
        const data = datosDocumento(element)
        if (!data) return refuse(MISSING_DATA)
        const result = ledger.void(
          account,
          data,
          childValue(element, TEMPURI_NS, 'motivoAnulacion'),
          now
        )
        if (!result.ok) return refuse(result)
        return replyEnvelope('AnulacionDocumento', [
          ['codigo', '200'],
          ['resultado', 'procesado'],
          ['mensaje', 'Proceso de Anulación ejecutado con éxito.'],
        ])
      }

      case 'DescargaXML':
      case 'DescargaPDF': {
        const data = datosDocumento(element)
        if (!data) return refuse(MISSING_DATA)
        const document = ledger.find(account, data)
        if (!document) return refuse(NOT_FOUND)
        const file =
          operation === 'DescargaXML'
            ? Buffer.from(rfeXml(document, account.ruc, account.dv), 'utf8')
            : await cafePdf(document)
        return replyEnvelope(operation, [
          ['codigo', '200'],
          ['resultado', 'procesado'],
          ['mensaje', 'Se retorna el archivo solicitado.'],
          ['documento', file.toString('base64')],
        ])
      }

      case 'FoliosRestantes':
        return replyEnvelope('FoliosRestantes', [
          ['codigo', '200'],
          ['mensaje', 'Se retorna Licencia y Disponibilidad'],
          ['licencia', account.licence],
          ['fechaLicencia', `${account.licencePeriod.from} / ${account.licencePeriod.to}`],
          ['ciclo', account.cycle],
          ['fechaCiclo', `${account.cyclePeriod.from} / ${account.cyclePeriod.to}`],
          ['foliosTotalesCiclo', account.cycleTotal],
          ['foliosUtilizadosCiclo', account.cycleUsed],
          // Spelled without the s, as in HKA's XML example.
          ['foliosDisponibleCiclo', Math.max(0, account.cycleTotal - account.cycleUsed)],
          ['foliosTotales', account.licenceTotal],
          ['resultado', 'procesado'],
        ])

      case 'EnvioCorreo': {
        const data = datosDocumento(element)
        if (!data) return refuse(MISSING_DATA)
        const email = (childValue(element, TEMPURI_NS, 'correo') ?? '').trim()
        if (!EMAIL.test(email)) {
          return refuse({ ok: false, codigo: '400', mensaje: 'El correo no es válido.' })
        }
        const document = ledger.find(account, data)
        if (!document) return refuse(NOT_FOUND)
        ledger.email(document, email, now)
        return replyEnvelope('EnvioCorreo', [
          ['codigo', '200'],
          ['resultado', 'procesado'],
          ['mensaje', 'Se ha enviado satisfactoriamente el email.'],
        ])
      }

      case 'RastreoCorreo': {
        const document = ledger.findByCufe(account, childValue(element, TEMPURI_NS, 'cufe') ?? '')
        if (!document) return refuse(NOT_FOUND)
        return replyEnvelope(
          'RastreoCorreo',
          [
            ['codigo', '200'],
            ['mensaje', 'Se retorna mensaje de la consulta'],
            [
              'listaRastreo',
              document.emails.map(
                (record): ReplyField => [
                  'listTracking',
                  [
                    ['correo', record.correo, 'b'],
                    ['creado_en', record.creado_en, 'b'],
                    ['estado', record.estado, 'b'],
                    ['messageId', record.messageId, 'b'],
                  ],
                  'b',
                ]
              ),
            ],
            ['resultado', 'procesado'],
          ],
          { b: TRACKING_NS }
        )
      }

      case 'ConsultarRucDV': {
        const found = apply('ruc_not_found')
          ? undefined
          : credentials
            ? ledger.lookupRuc(
                childValue(credentials, API_REST_NS, 'tipoRuc')?.trim(),
                childValue(credentials, API_REST_NS, 'ruc')?.trim()
              )
            : undefined
        if (!found) {
          return refuse({ ok: false, codigo: '400', mensaje: 'RUC o tipo de RUC no válido.' })
        }
        return replyEnvelope('ConsultarRucDV', [
          ['codigo', '200'],
          [
            'infoRuc',
            [
              ['tipoRuc', found.tipoRuc],
              ['ruc', found.ruc],
              ['dv', found.dv],
              ['razonSocial', found.razonSocial],
              ['afiliadoFE', found.afiliadoFE],
            ],
          ],
          ['mensaje', 'Consulta exitosa'],
          ['resultado', 'Procesado'],
        ])
      }
    }
    return refuse({ ok: false, codigo: '400', mensaje: 'Operación no admitida.' })
  }

  /** The numeroDocumentoFiscal a request is about, for per-document faults. */
  function numberOf(operation: HkaOperation, element: Element): string | undefined {
    if (operation === 'Enviar') {
      const documento = child(element, TEMPURI_NS, 'documento')
      const datos = documento && child(documento, COMPROBANTE_NS, 'datosTransaccion')
      return datos ? childValue(datos, COMPROBANTE_NS, 'numeroDocumentoFiscal')?.trim() : undefined
    }
    return datosDocumento(element)?.number
  }

  const handleSoap = async (request: IncomingMessage, response: ServerResponse) => {
    const search = new URL(request.url ?? '/', url).search.toLowerCase()
    if (request.method === 'GET') {
      if (search === '?wsdl' || search === '?singlewsdl') {
        stats.wsdl += 1
        return sendXml(response, 200, wsdl)
      }
      return sendHtml(
        response,
        200,
        `<html><body><h1>Service</h1><p>HKA simulator. WSDL: <a href="${serviceUrl}?singleWsdl">${serviceUrl}?singleWsdl</a></p></body></html>`
      )
    }
    if (request.method !== 'POST') return sendJson(response, 405, { error: 'use POST' })

    const received = await readBody(request, MAX_BODY_BYTES)
    const raw = received.toString('utf8')
    const action = String(request.headers.soapaction ?? '')
      .replace(/"/g, '')
      .trim()
    const operation = HKA_OPERATIONS.find(
      (candidate) => action === `${TEMPURI_NS}IService/${candidate}`
    )
    if (!operation) {
      return sendXml(
        response,
        500,
        faultEnvelope(
          'a:ActionNotSupported',
          `The message with Action '${action}' cannot be processed at the receiver.`
        )
      )
    }
    stats.calls[operation] += 1

    const parsed = parseWellFormed(raw)
    const body = parsed.document
      ? elements(parsed.document.documentElement).find((element) => element.localName === 'Body')
      : undefined
    const element = body ? elements(body)[0] : undefined
    if (!element || element.localName !== operation || element.namespaceURI !== TEMPURI_NS) {
      return sendXml(
        response,
        500,
        faultEnvelope(
          'a:DeserializationFailed',
          `The formatter threw an exception while trying to deserialize the message: expected {${TEMPURI_NS}}${operation}.`
        )
      )
    }

    const number = numberOf(operation, element)
    const apply = (mode: HkaFaultMode) => faults.take(mode, operation, number)
    if (await applyTransportFaults(apply, request, response)) return
    const lost = apply('timeout_after_accept')
    const reply = await operate(operation, element, apply)
    if (lost) {
      // Processed; the reply is lost on the way back.
      await sleep(lost.delayMs ?? 0)
      request.socket.destroy()
      return
    }
    sendXml(response, 200, reply)
  }

  routeSimulator(server, url, {
    control: (route, request, response) =>
      handleControl(
        {
          state: () => ({
            documents: simulator.state.map(summary),
            accounts: simulator.accounts,
            faults: simulator.faults,
            options: simulator.configure({}),
            modes: HKA_FAULT_MODES,
          }),
          setFault: (input) => simulator.setFault(input as unknown as HkaFaultInput),
          clearFaults: (number) => simulator.clearFaults(number),
          get faults() {
            return simulator.faults
          },
          configure: (input) => simulator.configure(parseOptions(input)),
          reset: () => {
            simulator.reset()
            return { documents: [], accounts: [], faults: [] }
          },
        },
        {
          keyName: 'number',
          extra: {
            '/accounts': (input) => [201, { account: simulator.register(parseAccount(input)) }],
          },
        },
        route,
        request,
        response
      ),
    statusPage: () =>
      renderStatusPage({
        url,
        serviceUrl,
        options: ledger.options,
        faults: faults.list(),
        accounts: ledger.accounts(),
        documents: ledger.list().slice(0, 100),
      }),
    service: (pathname) =>
      pathname.replace(/\/+$/, '').toLowerCase() === SERVICE_PATH.toLowerCase()
        ? handleSoap
        : undefined,
  })

  return simulator
}

/*
|--------------------------------------------------------------------------
| Control API (JSON)
|--------------------------------------------------------------------------
|
|   GET    /__control/state             { documents, accounts, faults, options, modes }
|   POST   /__control/fault             body HkaFaultInput → 201 { fault }
|   DELETE /__control/fault[?number=]   clears faults (all, or one document's)
|   POST   /__control/clear             same as DELETE, body { number? }
|   POST   /__control/accounts          body AccountInput → 201 { account }
|   POST   /__control/options           body { autoRegister?, cycleFolios?, voidWindowDays? }
|   POST   /__control/reset             forgets documents, accounts, faults and option changes
|
| Bad input answers 400 with { error: { es, en } }. Passwords never leave.
|
*/

function parseAccount(input: Record<string, unknown>): AccountInput {
  const text = (name: string) => {
    const value = input[name]
    if (value === undefined) return undefined
    if (typeof value !== 'string' || value.trim() === '') {
      throw new SimulatorInputError(`${name} must be text`, {
        es: `${name} debe ser texto.`,
        en: `${name} must be text.`,
      })
    }
    return value.trim()
  }
  const count = (name: string) => nonNegativeInteger(input[name], name)
  const tokenEmpresa = text('tokenEmpresa')
  const tokenPassword = text('tokenPassword')
  if (!tokenEmpresa || !tokenPassword) {
    throw new SimulatorInputError('tokenEmpresa and tokenPassword are required', {
      es: 'tokenEmpresa y tokenPassword son requeridos.',
      en: 'tokenEmpresa and tokenPassword are required.',
    })
  }
  const taxpayerType = text('taxpayerType')
  if (taxpayerType !== undefined && taxpayerType !== '1' && taxpayerType !== '2') {
    throw new SimulatorInputError('taxpayerType must be 1 or 2', {
      es: 'taxpayerType debe ser 1 o 2.',
      en: 'taxpayerType must be 1 or 2.',
    })
  }
  const environment = text('environment')
  if (environment !== undefined && environment !== 'test' && environment !== 'production') {
    throw new SimulatorInputError('environment must be test or production', {
      es: 'environment debe ser test o production.',
      en: 'environment must be test or production.',
    })
  }
  return {
    tokenEmpresa,
    tokenPassword,
    ruc: text('ruc'),
    dv: text('dv'),
    taxpayerType: taxpayerType as AccountInput['taxpayerType'],
    legalName: text('legalName'),
    environment: environment as AccountInput['environment'],
    cycleTotal: count('cycleTotal'),
    cycleUsed: count('cycleUsed'),
    licenceTotal: count('licenceTotal'),
  }
}

function parseOptions(input: Record<string, unknown>): Partial<LedgerOptions> {
  const options: Partial<LedgerOptions> = {}
  if (input.autoRegister !== undefined) {
    if (typeof input.autoRegister !== 'boolean') {
      throw new SimulatorInputError('autoRegister must be true or false', {
        es: 'autoRegister debe ser true o false.',
        en: 'autoRegister must be true or false.',
      })
    }
    options.autoRegister = input.autoRegister
  }
  for (const name of ['cycleFolios', 'voidWindowDays'] as const) {
    const value = nonNegativeInteger(input[name], name)
    if (value !== undefined) options[name] = value
  }
  return options
}

/** Documents as the control API shows them: everything but the documento XML. */
function summary(document: SimulatedDocument) {
  const copy: Partial<SimulatedDocument> = { ...document }
  delete copy.documento
  return copy
}
