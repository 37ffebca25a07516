/*
|--------------------------------------------------------------------------
| Simulator status page
|--------------------------------------------------------------------------
|
| A plain HTML page at the simulator's root, linked from the `npm start`
| banner: where the services are, how to switch faults, and the last
| documents received. Developer tooling, so it is self-contained (no app
| layout, no assets) and bilingual inline.
|
*/
import type { ActiveFault } from '#adapters/ecuador_sri/simulator/faults'
import type {
  SimulatedDocument,
  SriLedgerOptions,
} from '#adapters/ecuador_sri/simulator/sri_ledger'

export interface StatusPageData {
  url: string
  receptionUrl: string
  authorizationUrl: string
  options: SriLedgerOptions
  faults: ActiveFault[]
  documents: SimulatedDocument[]
}

function escape(value: unknown) {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

const STATUS_COLORS: Record<string, string> = {
  'AUTORIZADO': '#166534',
  'NO AUTORIZADO': '#991b1b',
  'RECIBIDA': '#92400e',
}

export function renderStatusPage(data: StatusPageData): string {
  const faults =
    data.faults.length === 0
      ? '<p>Ninguna falla activa <small>(no active faults)</small>.</p>'
      : `<ul>${data.faults
          .map(
            (fault) =>
              `<li><code>${escape(fault.mode)}</code> · ${escape(fault.service)} · ${
                fault.accessKey
                  ? `clave <code>${escape(fault.accessKey)}</code>`
                  : 'todas las claves'
              }${fault.delayMs !== undefined ? ` · ${fault.delayMs} ms` : ''}${
                fault.remaining !== undefined ? ` · quedan ${fault.remaining}` : ''
              }</li>`
          )
          .join('')}</ul>`

  const rows = data.documents
    .map(
      (document) => `<tr>
        <td><code>${escape(document.accessKey)}</code></td>
        <td>${escape(document.documentType)} ${escape(document.number)}</td>
        <td>${escape(document.environment)}</td>
        <td style="color:${STATUS_COLORS[document.status] ?? '#111'};font-weight:600">${escape(document.status)}</td>
        <td>${escape(document.messages.map((message) => `${message.identificador} ${message.mensaje}`).join('; '))}</td>
        <td>${document.submissions} / ${document.polls}</td>
        <td>${escape(document.receivedAt)}</td>
      </tr>`
    )
    .join('')

  return `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<title>Simulador SRI · Facturo</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #111827; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
  code { background: #f3f4f6; padding: 0 .25rem; border-radius: 3px; }
  table { border-collapse: collapse; width: 100%; font-size: .85rem; }
  th, td { border-bottom: 1px solid #e5e7eb; padding: .35rem .5rem; text-align: left; vertical-align: top; }
  th { background: #f9fafb; }
  pre { background: #f3f4f6; padding: .75rem; overflow-x: auto; }
</style>
</head>
<body>
<h1>Simulador SRI (recepción y autorización offline) <small>· SRI simulator</small></h1>
<ul>
  <li>Recepción: <a href="${escape(data.receptionUrl)}?wsdl"><code>${escape(data.receptionUrl)}?wsdl</code></a></li>
  <li>Autorización: <a href="${escape(data.authorizationUrl)}?wsdl"><code>${escape(data.authorizationUrl)}?wsdl</code></a></li>
  <li>Decisión tras ${data.options.authorizeAfterPolls} consulta(s) y ${data.options.authorizeAfterMs} ms · fechas ${escape(data.options.dateFormat)}</li>
</ul>
<h2>Fallas activas <small>(active faults)</small></h2>
${faults}
<h2>Control <small>(JSON API)</small></h2>
<pre>curl -X POST ${escape(data.url)}/__control/fault -H 'content-type: application/json' -d '{"mode":"http500","times":2}'
curl -X POST ${escape(data.url)}/__control/fault -d '{"mode":"error70","polls":3,"accessKey":"&lt;49 dígitos&gt;"}'
curl -X DELETE ${escape(data.url)}/__control/fault
curl ${escape(data.url)}/__control/state
modos: down · slow (delayMs) · http500 · error70 (polls) · reject39 · reject52 · returned35 · times = usos antes de recuperarse</pre>
<h2>Comprobantes recibidos <small>(últimos ${data.documents.length})</small></h2>
<table>
  <thead><tr><th>Clave de acceso</th><th>Comprobante</th><th>Ambiente</th><th>Estado</th><th>Mensajes</th><th>Envíos / consultas</th><th>Recibido</th></tr></thead>
  <tbody>${rows || '<tr><td colspan="7">Aún no se recibe ningún comprobante.</td></tr>'}</tbody>
</table>
</body>
</html>`
}
