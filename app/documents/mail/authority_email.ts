/*
|--------------------------------------------------------------------------
| Customer e-mail sent by the authority (its PAC)
|--------------------------------------------------------------------------
|
| Where the country's adapter offers 'document_email' (HKA's EnvioCorreo and
| RastreoCorreo) and the company chose it, the authority e-mails its own
| printable document and XML to each recipient, and later says what became
| of each e-mail. Either way the document keeps the delivery status
| (email_status, email_via) and every step lands in its history.
|
| When the authority cannot be reached, the e-mail is not left hanging:
| Facturo's own mail sends it (the caller falls back), and the history says
| so. A refusal by the authority is final for that attempt and shown with
| its words; "Reenviar" tries again.
|
*/
import { DateTime } from 'luxon'
import tax from '#adapters/core/services/tax'
import { TaxError } from '#adapters/core/errors'
import type { AuthorityMessage, DocumentRef, LocalizedText } from '#adapters/core/types'
import type Tenant from '#tenancy/models/tenant'
import type Document from '#documents/models/document'
import type { EmailStatus } from '#documents/models/document'
import { recordEvent } from '#documents/transitions'
import { issuerContextFor } from '#certificates/issuer_context'

/** Whether the company's authority can deliver the customer e-mail itself. */
export function authorityDeliversEmail(country: string): boolean {
  return tax.has(country) && !!tax.use(country).capabilities.services?.includes('document_email')
}

/** Whether this company's customer e-mails go through its authority. */
export function sendsThroughAuthority(tenant: Tenant): boolean {
  return tenant.customerEmailDelivery === 'authority' && authorityDeliversEmail(tenant.country)
}

function refOf(document: Document): DocumentRef {
  return {
    authorityKey: document.accessKey!,
    documentType: document.type,
    number: document.number ?? undefined,
  }
}

function said(messages: AuthorityMessage[], fallback: string) {
  const text = messages
    .map((message) => `${message.code} ${message.text}`.trim())
    .filter(Boolean)
    .join(' | ')
  return (text || fallback).slice(0, 500)
}

/**
 * Has the authority e-mail the document to every recipient. 'sent' or
 * 'refused' are recorded on the document; 'unreachable' records the
 * fallback and leaves the sending to Facturo's mail.
 */
export async function emailThroughAuthority(
  tenant: Tenant,
  document: Document,
  recipients: string[]
): Promise<'sent' | 'refused' | 'unreachable'> {
  const authority = tax.use(tenant.country)
  const issuer = await issuerContextFor(tenant)
  const sent: string[] = []
  try {
    for (const email of recipients) {
      const result = await authority.sendDocumentEmail(refOf(document), email, issuer)
      if (result.status !== 'sent') {
        document.merge({
          emailStatus: 'failed',
          emailVia: 'authority',
          emailError: said(result.messages, result.raw.slice(0, 200)),
        })
        await document.save()
        await recordEvent(document, {
          kind: 'email_failed',
          detail: `${email}: ${document.emailError}`,
          messages: result.messages,
          raw: result.raw,
        })
        return 'refused'
      }
      sent.push(email)
    }
  } catch (error) {
    if (!(error instanceof TaxError)) throw error
    if (!error.retryable) {
      document.merge({
        emailStatus: 'failed',
        emailVia: 'authority',
        emailError: error.messages.es,
      })
      await document.save()
      await recordEvent(document, { kind: 'email_failed', detail: error.messages.es })
      return 'refused'
    }
    // Those already handed over were sent by the authority; the rest go by Facturo's mail.
    await recordEvent(document, {
      kind: 'email_fallback',
      detail: [sent.join(', '), error.message].filter(Boolean).join(' — '),
    })
    return 'unreachable'
  }
  document.merge({
    emailStatus: 'sent',
    emailVia: 'authority',
    emailedAt: DateTime.now(),
    emailError: null,
  })
  await document.save()
  await recordEvent(document, { kind: 'emailed', detail: recipients.join(', ') })
  return 'sent'
}

/** How far an e-mail got, from the authority's own word for it (HKA writes free text). */
export function deliveryStatusOf(text: string): EmailStatus {
  const value = text.trim().toLowerCase()
  if (/open|abiert|le[ií]d/.test(value)) return 'opened'
  if (/bounce|rebot|fail|fall|error|rechaz|reject|spam|drop/.test(value)) return 'failed'
  if (/deliver|entreg/.test(value)) return 'delivered'
  return 'sent'
}

const PROGRESS: EmailStatus[] = ['sent', 'delivered', 'opened']

export type EmailTrackingResult =
  | {
      status: 'tracked'
      emailStatus: EmailStatus
      deliveries: Array<{ email: string; status: string }>
    }
  | { status: 'unreachable' | 'refused'; message: LocalizedText }

/**
 * Asks the authority what became of the e-mails it sent for the document
 * (RastreoCorreo) and records it: a failed delivery wins, otherwise the
 * furthest one any recipient reached. The history gets a row when the
 * status changes, not at every look.
 */
export async function trackAuthorityEmail(
  tenant: Tenant,
  document: Document
): Promise<EmailTrackingResult> {
  try {
    const result = await tax
      .use(tenant.country)
      .emailDeliveries(refOf(document), await issuerContextFor(tenant))
    if (result.status !== 'ok') {
      const text = said(result.messages, result.raw.slice(0, 200))
      return { status: 'refused', message: { es: text, en: text } }
    }
    const statuses = result.deliveries.map((delivery) => deliveryStatusOf(delivery.status))
    const emailStatus: EmailStatus = statuses.includes('failed')
      ? 'failed'
      : (PROGRESS.filter((status) => statuses.includes(status)).pop() ?? document.emailStatus)
    if (emailStatus !== document.emailStatus) {
      const detail = result.deliveries
        .map((delivery) => `${delivery.email}: ${delivery.status}`)
        .join(', ')
      document.merge({
        emailStatus,
        emailError: emailStatus === 'failed' ? detail.slice(0, 500) : null,
      })
      await document.save()
      await recordEvent(document, { kind: 'email_tracked', detail, raw: result.raw })
    }
    return {
      status: 'tracked',
      emailStatus,
      deliveries: result.deliveries.map((delivery) => ({
        email: delivery.email,
        status: delivery.status,
      })),
    }
  } catch (error) {
    if (!(error instanceof TaxError)) throw error
    return { status: error.retryable ? 'unreachable' : 'refused', message: error.messages }
  }
}
