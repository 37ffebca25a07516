/**
 * Every audited action, by area. The viewer filters on these and labels
 * them through `ui.accounts.audit.actions.<action>`. Later modules append
 * theirs (certificates.*, documents.*).
 */
export const AUDIT_ACTIONS = [
  'auth.login_succeeded',
  'auth.login_failed',
  'auth.login_throttled',
  'auth.logout',
  'auth.password_reset_requested',
  'auth.password_reset_completed',
  'auth.email_verified',
  'auth.password_changed',
  'auth.sessions_ended',
  'auth.signup_existing_email',
  'tenant.registered',
  'tenant.switched',
  'user.registered',
  'invitation.created',
  'invitation.revoked',
  'invitation.accepted',
  'join_code.created',
  'join_code.used',
  'membership.role_changed',
  'membership.deactivated',
  'membership.reactivated',
  'certificate.uploaded',
  'certificate.replaced',
  'certificate.upload_failed',
  'certificate.expired',
  'pac.credentials_saved',
  'vault.rotated',
] as const

export type AuditAction = (typeof AUDIT_ACTIONS)[number]
