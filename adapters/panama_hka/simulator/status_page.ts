/*
|--------------------------------------------------------------------------
| HKA simulator status page
|--------------------------------------------------------------------------
|
| A plain HTML page at the simulator's root, linked from the `npm start`
| banner: where the service is, how to switch faults, the accounts and
| their folios, and the last documents received. Developer tooling, so it
| is self-contained (no app layout, no assets) and bilingual inline.
|
*/
import type { ActiveFault } from '#adapters/panama_hka/simulator/faults'
import type {
  LedgerOptions,
  SimulatedDocument,
  SimulatorAccount,
} from '#adapters/panama_hka/simulator/hka_ledger'
import { HKA_FAULT_MODES } from '#adapters/panama_hka/simulator/faults'

export interface StatusPageData {
  url: string
  serviceUrl: string
  options: LedgerOptions
  faults: ActiveFault[]
  accounts: Array<Omit<SimulatorAccount, 'tokenPassword'>>
  documents: SimulatedDocument[]
}

function escape(value: unknown) {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

/** Tokens are secrets even in a simulator: only their first characters are shown. */
function masked(token: string) {
  return `${token.slice(0, 4)}…`
}

export function renderStatusPage(data: StatusPageData): string {
  const faults =
    data.faults.length === 0
      ? '<p>Ninguna falla activa <small>(no active faults)</small>.</p>'
      : `<ul>${data.faults
          .map(
            (fault) =>
              `<li><code>${escape(fault.mode)}</code> · ${escape(fault.operation)} · ${
                fault.number
                  ? `número <code>${escape(fault.number)}</code>`
                  : 'todos los documentos'
              }${fault.delayMs !== undefined ? ` · ${fault.delayMs} ms` : ''}${
                fault.remaining !== undefined ? ` · quedan ${fault.remaining}` : ''
              }</li>`
          )
          .join('')}</ul>`

  const accounts =
    data.accounts.length === 0
      ? '<p>Ninguna cuenta todavía <small>(no accounts yet; any token pair opens one)</small>.</p>'
      : `<table><thead><tr><th>tokenEmpresa</th><th>RUC</th><th>Razón social</th><th>Folios del ciclo</th></tr></thead><tbody>${data.accounts
          .map(
            (account) =>
              `<tr><td><code>${escape(masked(account.tokenEmpresa))}</code></td><td>${escape(account.ruc)}-${escape(account.dv)}</td><td>${escape(account.legalName)}</td><td>${account.cycleTotal - account.cycleUsed} / ${account.cycleTotal}</td></tr>`
          )
          .join('')}</tbody></table>`

  const rows = data.documents
    .map(
      (document) => `<tr>
        <td>${escape(document.receivedAt.toISOString())}</td>
        <td>${escape(document.documentType)}</td>
        <td>${escape(document.establishmentCode)}-${escape(document.emissionPointCode)}-${escape(document.number)}</td>
        <td>${escape(document.status)}</td>
        <td>${escape(document.total)}</td>
        <td><code>${escape(document.cufe)}</code></td>
      </tr>`
    )
    .join('')

  return `<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>Simulador de HKA</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}code{background:#f3f4f6;padding:0 .2rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e5e7eb;padding:.3rem;text-align:left;font-size:.9rem}</style>
</head><body>
<h1>Simulador de The Factory HKA <small>(HKA simulator)</small></h1>
<p>Servicio SOAP 1.1: <code>${escape(data.serviceUrl)}</code> ·
WSDL: <a href="${escape(data.serviceUrl)}?singleWsdl">?singleWsdl</a></p>
<p>Anulación: hasta ${data.options.voidWindowDays} días · folios por ciclo de una cuenta nueva: ${data.options.cycleFolios} ·
tokens desconocidos: ${data.options.autoRegister ? 'abren una cuenta' : 'rechazados (101)'}</p>
<h2>Fallas <small>(faults)</small></h2>
${faults}
<p><small>POST ${escape(data.url)}/__control/fault <code>{"mode":"down","times":1}</code> · modos: ${HKA_FAULT_MODES.map((mode) => `<code>${mode}</code>`).join(' ')} · DELETE ${escape(data.url)}/__control/fault</small></p>
<h2>Cuentas <small>(accounts)</small></h2>
${accounts}
<h2>Documentos recibidos <small>(documents)</small></h2>
<table><thead><tr><th>Recibido</th><th>Tipo</th><th>Número</th><th>Estado</th><th>Total</th><th>CUFE</th></tr></thead>
<tbody>${rows || '<tr><td colspan="6">Ninguno todavía.</td></tr>'}</tbody></table>
</body></html>`
}
