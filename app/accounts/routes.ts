/*
|--------------------------------------------------------------------------
| Accounts routes
|--------------------------------------------------------------------------
|
| Public: sign-up, sign-in, password reset, e-mail verification, invitation
| links and join codes. Signed-in company area under /app: dashboard,
| users and audit log (the tenant middleware runs the request inside the
| company's context).
|
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { registerNavigation } from '#accounts/navigation'

const RegistrationController = () => import('#accounts/controllers/registration_controller')
const SessionController = () => import('#accounts/controllers/session_controller')
const PasswordResetController = () => import('#accounts/controllers/password_reset_controller')
const EmailVerificationController = () =>
  import('#accounts/controllers/email_verification_controller')
const InvitationsController = () => import('#accounts/controllers/invitations_controller')
const JoinController = () => import('#accounts/controllers/join_controller')
const NoCompanyController = () => import('#accounts/controllers/no_company_controller')
const UsersController = () => import('#accounts/controllers/users_controller')
const AuditLogsController = () => import('#accounts/controllers/audit_logs_controller')
const AccountController = () => import('#accounts/controllers/account_controller')
const TenantSwitchController = () => import('#accounts/controllers/tenant_switch_controller')

const throttle = middleware.throttleForms()

router
  .group(() => {
    router.get('/register', [RegistrationController, 'create']).as('register')
    router.post('/register', [RegistrationController, 'store']).as('register.store').use(throttle)
    router
      .post('/register/lookup-taxpayer', [RegistrationController, 'lookupTaxpayer'])
      .as('register.lookup_taxpayer')
    router.get('/login', [SessionController, 'create']).as('login')
    router.post('/login', [SessionController, 'store']).as('login.store').use(throttle)
    router.get('/forgot-password', [PasswordResetController, 'create']).as('password.forgot')
    router
      .post('/forgot-password', [PasswordResetController, 'store'])
      .as('password.send')
      .use(throttle)
    router.get('/reset-password/:token', [PasswordResetController, 'edit']).as('password.reset')
    router
      .post('/reset-password', [PasswordResetController, 'update'])
      .as('password.update')
      .use(throttle)
  })
  .use(middleware.guest())
  .as('accounts')

router.post('/logout', [SessionController, 'destroy']).as('accounts.logout').use(middleware.auth())

// The person's own account, whichever company (or none) they work in.
router
  .group(() => {
    router.get('/', [AccountController, 'show']).as('show')
    router.put('/password', [AccountController, 'updatePassword']).as('password').use(throttle)
    router
      .post('/sessions/end-others', [AccountController, 'endOtherSessions'])
      .as('sessions.end_others')
  })
  .prefix('/account')
  .as('accounts.account')
  .use(middleware.auth())

router.get('/verify-email/:token', [EmailVerificationController, 'show']).as('accounts.verify')
router
  .post('/email/verification', [EmailVerificationController, 'store'])
  .as('accounts.verify.resend')
  .use([middleware.auth(), throttle])

// Invitation links and join codes work signed in or not.
router.get('/invitations/:token', [InvitationsController, 'show']).as('accounts.invitations.show')
router
  .post('/invitations/:token/accept', [InvitationsController, 'accept'])
  .as('accounts.invitations.accept')
  .use(middleware.auth())
router
  .post('/invitations/:token/register', [InvitationsController, 'register'])
  .as('accounts.invitations.register')
  .use([middleware.guest(), throttle])
router.get('/join', [JoinController, 'show']).as('accounts.join')
router
  .post('/join', [JoinController, 'store'])
  .as('accounts.join.store')
  .use([middleware.auth(), throttle])
router
  .post('/join/register', [JoinController, 'register'])
  .as('accounts.join.register')
  .use([middleware.guest(), throttle])

router
  .get('/no-company', [NoCompanyController, 'show'])
  .as('accounts.no_company')
  .use(middleware.auth())

router
  .group(() => {
    router
      .group(() => {
        router.get('/', [UsersController, 'index']).as('index')
        router.post('/invitations', [UsersController, 'invite']).as('invite')
        router.post('/join-codes', [UsersController, 'createJoinCode']).as('join_codes.store')
        router.delete('/invitations/:id', [UsersController, 'revoke']).as('invitations.revoke')
        router.patch('/:id/role', [UsersController, 'updateRole']).as('role')
        router.post('/:id/deactivate', [UsersController, 'deactivate']).as('deactivate')
        router.post('/:id/reactivate', [UsersController, 'reactivate']).as('reactivate')
      })
      .prefix('/users')
      .as('users')
      .use(middleware.permission({ permission: 'users.manage' }))

    router
      .get('/audit', [AuditLogsController, 'index'])
      .as('audit')
      .use(middleware.permission({ permission: 'audit.view' }))
  })
  .prefix('/app')
  .as('app')
  .use([middleware.auth(), middleware.tenant()])

// The company switcher (the signed-in user's memberships).
router
  .post('/app/switch', [TenantSwitchController, 'store'])
  .as('app.switch')
  .use([middleware.auth(), middleware.tenant()])

registerNavigation({ key: 'users', href: '/app/users', permission: 'users.manage', order: 80 })
registerNavigation({ key: 'audit', href: '/app/audit', permission: 'audit.view', order: 90 })
