/*
|--------------------------------------------------------------------------
| Bouncer policies
|--------------------------------------------------------------------------
|
| Pre-registered policies of the accounts module; later modules add theirs
| here (DocumentPolicy, CertificatePolicy…).
|
*/
export const policies = {
  MembershipPolicy: () => import('#accounts/policies/membership_policy'),
  InvitationPolicy: () => import('#accounts/policies/invitation_policy'),
}
