/*
|--------------------------------------------------------------------------
| Certificate events
|--------------------------------------------------------------------------
|
| `certificate:expiring` is announced once per certificate and alert
| threshold (30, 15, 7, 1 days; 0 = has expired), after the expiry watch
| has committed that alert (watch_certificate_expiry.ts), so a repeated
| or concurrent watch run never announces it twice. Outgoing webhooks
| listen (start/events.ts).
|
*/
export interface CertificateExpiring {
  tenantId: number
  certificateId: number
  holderName: string
  /** ISO date-time of the certificate's end. */
  validTo: string
  /** Whole days left (0 once expired). */
  daysLeft: number
  /** The alert threshold this announcement is for. */
  threshold: number
}

declare module '@adonisjs/core/types' {
  interface EventsList {
    'certificate:expiring': CertificateExpiring
  }
}
