/*
|--------------------------------------------------------------------------
| Who listens to what
|--------------------------------------------------------------------------
|
| The document lifecycle (app/documents/events.ts) announces status changes
| after they commit; the modules that act on them subscribe here, so the
| lifecycle never imports them. Listeners load lazily on first event.
|
*/
import emitter from '@adonisjs/core/services/emitter'

const SubmitIssuedDocument = () => import('#tax/listeners/submit_issued_document')
const EmailAuthorizedDocument = () => import('#documents/listeners/email_authorized_document')
const RefreshQuotaAfterOutcome = () => import('#certificates/listeners/refresh_quota_after_outcome')

emitter.on('document:issued', [SubmitIssuedDocument])
emitter.on('document:authorized', [EmailAuthorizedDocument])
emitter.on('document:authorized', [RefreshQuotaAfterOutcome])
// A refusal may be the quota running out (a PAC's folios spent): read it again too.
emitter.on('document:rejected', [RefreshQuotaAfterOutcome])

// Outgoing webhooks (app/webhooks): each handler records deliveries and queues them.
const WebhookEvents = () => import('#webhooks/listeners/webhook_events')

emitter.on('document:authorized', [WebhookEvents, 'documentAuthorized'])
emitter.on('document:rejected', [WebhookEvents, 'documentRejected'])
emitter.on('document:voided', [WebhookEvents, 'documentVoided'])
emitter.on('certificate:expiring', [WebhookEvents, 'certificateExpiring'])
emitter.on('usage:limit_reached', [WebhookEvents, 'usageLimitReached'])
