/*
 * HTML of the local Stripe stand-in: the hosted Checkout page, the
 * Customer Portal page and a status page. Plain server-rendered forms, in
 * the session's language (Spanish unless the session asked for English),
 * clearly labelled as a local stand-in so nobody mistakes it for Stripe.
 */
import type { LocalStripe } from '#billing/local_stripe/local_stripe'
import { SUCCESS_CARD } from '#billing/local_stripe/local_stripe'
import { platformFormatLocale } from '#core/format_locale'

function escape(value: unknown) {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!
  )
}

function money(amount: number | null, currency: string, english: boolean) {
  return new Intl.NumberFormat(english ? 'en-US' : platformFormatLocale, {
    style: 'currency',
    currency: currency.toUpperCase(),
  }).format((amount ?? 0) / 100)
}

function date(seconds: number | null, english: boolean) {
  if (!seconds) return '—'
  return new Intl.DateTimeFormat(english ? 'en-US' : platformFormatLocale, {
    dateStyle: 'medium',
  }).format(new Date(seconds * 1000))
}

function layout(title: string, body: string, lang = 'es') {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f6f9fc; color: #1a1f36; margin: 0; }
  main { max-width: 34rem; margin: 2rem auto; background: #fff; border-radius: 8px; padding: 1.5rem 2rem;
         box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  .wide { max-width: 64rem; }
  .tag { display: inline-block; background: #fff3cd; color: #664d03; border-radius: 4px; padding: 2px 8px;
         font-size: .8rem; }
  label { display: block; margin-top: 1rem; font-weight: 600; font-size: .9rem; }
  input { width: 100%; box-sizing: border-box; padding: .6rem; border: 1px solid #ccd; border-radius: 4px;
          font-size: 1rem; margin-top: .25rem; }
  button { margin-top: 1rem; background: #635bff; color: #fff; border: 0; border-radius: 4px;
           padding: .7rem 1.2rem; font-size: 1rem; cursor: pointer; }
  button.secondary { background: #e3e8ee; color: #1a1f36; }
  .error { background: #fde8e8; color: #8a1c1c; padding: .6rem; border-radius: 4px; margin-top: 1rem; }
  table { border-collapse: collapse; width: 100%; font-size: .85rem; }
  td, th { border-bottom: 1px solid #e3e8ee; padding: .4rem; text-align: left; vertical-align: top; }
  .muted { color: #697386; font-size: .85rem; }
  form.inline { display: inline; }
  form.inline button { margin: .2rem; padding: .3rem .6rem; font-size: .8rem; }
</style></head><body>${body}</body></html>`
}

export function checkoutPage(stripe: LocalStripe, id: string, error?: string) {
  const { session, price, product, email } = stripe.checkoutSummary(id)
  const en = session.locale === 'en'
  const t = (es: string, english: string) => (en ? english : es)
  if (session.status !== 'open') {
    return layout(
      'Checkout',
      `<main><p>${t('Esta sesión de pago ya no está abierta.', 'This checkout session is no longer open.')}</p></main>`,
      en ? 'en' : 'es'
    )
  }
  return layout(
    t('Pagar suscripción', 'Pay subscription'),
    `<main>
  <p><span class="tag">${t('Stripe local (simulador de Facturo)', 'Local Stripe (Facturo stand-in)')}</span></p>
  <h1 data-test="checkout-product">${escape(product?.name ?? price.id)}</h1>
  <p data-test="checkout-amount"><strong>${money(price.unit_amount, price.currency, en)}</strong>
     ${t('por mes', 'per month')}</p>
  ${error ? `<p class="error" role="alert" data-test="checkout-error">${escape(error)}</p>` : ''}
  <form method="post" action="/checkout/${escape(session.id)}/pay">
    <label for="email">${t('Correo electrónico', 'Email')}</label>
    <input id="email" name="email" type="email" required value="${escape(email)}">
    <label for="card">${t('Número de tarjeta', 'Card number')}</label>
    <input id="card" name="card" inputmode="numeric" autocomplete="off" required placeholder="4242 4242 4242 4242">
    <p class="muted">${t('Tarjetas de prueba', 'Test cards')}: ${SUCCESS_CARD.replace(/(\d{4})/g, '$1 ')}
      ${t('(pago aprobado)', '(payment succeeds)')} · 4000 0000 0000 0002 ${t('(rechazada)', '(declined)')}</p>
    <button type="submit" data-test="checkout-pay">${t('Suscribirse', 'Subscribe')}</button>
  </form>
  <form method="post" action="/checkout/${escape(session.id)}/cancel">
    <button type="submit" class="secondary">${t('Volver sin pagar', 'Go back without paying')}</button>
  </form>
</main>`,
    en ? 'en' : 'es'
  )
}

export function portalPage(stripe: LocalStripe, id: string) {
  const { session, customer, subscriptions, invoices } = stripe.portalSummary(id)
  const en = session.locale === 'en'
  const t = (es: string, english: string) => (en ? english : es)
  const rows = subscriptions
    .map((subscription) => {
      const item = subscription.items.data[0]
      const cancel = subscription.cancel_at_period_end
      const action =
        subscription.status === 'canceled'
          ? ''
          : `<form class="inline" method="post" action="/portal/${escape(session.id)}/subscriptions/${escape(subscription.id)}/${cancel ? 'resume' : 'cancel'}">
               <button type="submit" data-test="${cancel ? 'portal-resume' : 'portal-cancel'}">${
                 cancel
                   ? t('Reanudar', 'Resume')
                   : t('Cancelar al final del periodo', 'Cancel at period end')
               }</button></form>`
      return `<tr><td>${escape(item.price.nickname ?? item.price.lookup_key ?? item.price.id)}</td>
        <td data-test="portal-status">${escape(subscription.status)}${cancel ? ` · ${t('se cancela el', 'ends on')} ${date(subscription.cancel_at, en)}` : ''}</td>
        <td>${date(item.current_period_end, en)}</td><td>${action}</td></tr>`
    })
    .join('')
  const invoiceRows = invoices
    .map(
      (invoice) => `<tr><td>${escape(invoice.number)}</td><td>${date(invoice.created, en)}</td>
        <td>${money(invoice.amount_due, invoice.currency, en)}</td><td>${escape(invoice.status)}</td>
        <td>${
          invoice.status === 'open'
            ? `<form class="inline" method="post" action="/portal/${escape(session.id)}/invoices/${escape(invoice.id)}/pay">
                 <button type="submit" data-test="portal-pay">${t('Pagar con tarjeta 4242', 'Pay with card 4242')}</button></form>`
            : ''
        }</td></tr>`
    )
    .join('')
  return layout(
    t('Portal de cliente', 'Customer portal'),
    `<main class="wide">
  <p><span class="tag">${t('Stripe local (simulador de Facturo)', 'Local Stripe (Facturo stand-in)')}</span></p>
  <h1>${t('Suscripción y facturas', 'Subscription and invoices')}</h1>
  <p class="muted">${escape(customer.email ?? customer.id)}</p>
  <table><thead><tr><th>${t('Precio', 'Price')}</th><th>${t('Estado', 'Status')}</th>
    <th>${t('Fin del periodo', 'Period end')}</th><th></th></tr></thead><tbody>${rows}</tbody></table>
  <h2>${t('Facturas', 'Invoices')}</h2>
  <table><thead><tr><th>#</th><th>${t('Fecha', 'Date')}</th><th>${t('Importe', 'Amount')}</th>
    <th>${t('Estado', 'Status')}</th><th></th></tr></thead><tbody>${invoiceRows}</tbody></table>
  ${session.return_url ? `<p><a href="${escape(session.return_url)}" data-test="portal-return">${t('Volver a Facturo', 'Back to Facturo')}</a></p>` : ''}
</main>`,
    en ? 'en' : 'es'
  )
}

export function statusPage(stripe: LocalStripe) {
  const state = stripe.snapshot()
  const subscriptions = state.subscriptions
    .map((subscription) => {
      const item = subscription.items.data[0]
      const control = (action: string, label: string) =>
        `<form class="inline" method="post" action="/_local/subscriptions/${escape(subscription.id)}/${action}"><button type="submit">${label}</button></form>`
      return `<tr><td>${escape(subscription.id)}<br><span class="muted">${escape(subscription.customer)}</span></td>
        <td>${escape(item.price.lookup_key ?? item.price.id)}</td><td>${escape(subscription.status)}${subscription.cancel_at_period_end ? ' (cancel at period end)' : ''}</td>
        <td>${date(item.current_period_end, false)}</td>
        <td>${
          subscription.status === 'canceled'
            ? ''
            : control('renew?outcome=paid', 'Renovar: pago aprobado') +
              control('renew?outcome=failed', 'Renovar: pago fallido') +
              control('cancel', 'Cancelar ya')
        }</td></tr>`
    })
    .join('')
  const deliveries = [...state.deliveries]
    .reverse()
    .slice(0, 50)
    .map(
      (delivery) => `<tr><td>${date(delivery.at, false)}</td><td>${escape(delivery.type)}</td>
        <td>${escape(delivery.eventId)}</td><td>${delivery.status ?? escape(delivery.error)}</td>
        <td><form class="inline" method="post" action="/_local/events/${escape(delivery.eventId)}/deliver"><button type="submit">Reenviar</button></form></td></tr>`
    )
    .join('')
  return layout(
    'Local Stripe',
    `<main class="wide">
  <h1>Stripe local <span class="tag">simulador de Facturo</span></h1>
  <p class="muted">Webhooks → ${escape(stripe.webhookUrl ?? '(sin destino)')} · API ${escape(stripe.publicUrl)}/v1</p>
  <h2>Suscripciones</h2>
  <table><thead><tr><th>Suscripción</th><th>Precio</th><th>Estado</th><th>Fin del periodo</th><th></th></tr></thead>
  <tbody>${subscriptions}</tbody></table>
  <h2>Entregas de webhooks (últimas 50)</h2>
  <table><thead><tr><th>Fecha</th><th>Evento</th><th>Id</th><th>Respuesta</th><th></th></tr></thead>
  <tbody>${deliveries}</tbody></table>
</main>`
  )
}

/** The hosted invoice page (an invoice's `hosted_invoice_url`). */
export function invoicePage(stripe: LocalStripe, id: string) {
  const invoice = stripe.retrieveInvoice(id)
  return layout(
    `Invoice ${invoice.number ?? ''}`,
    `<main>
  <p><span class="tag">Stripe local (simulador de Facturo)</span></p>
  <h1>Factura ${escape(invoice.number)}</h1>
  <p data-test="invoice-amount"><strong>${money(invoice.amount_due, invoice.currency, false)}</strong>
     · ${escape(invoice.status)}</p>
  <p class="muted">${date(invoice.period_start, false)} – ${date(invoice.period_end, false)}</p>
  <p class="muted">${escape(invoice.customer)} · ${escape(invoice.parent.subscription_details.subscription)}</p>
</main>`
  )
}
