import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import User from '#accounts/models/user'
import AcceptInvitation from '#accounts/actions/accept_invitation'
import SendEmailVerification from '#accounts/actions/send_email_verification'
import NotifyExistingAccount from '#accounts/actions/notify_existing_account'
import { findInvitationByCode, invitationState } from '#accounts/actions/find_invitation'
import { joinAsNewUserValidator, joinCodeValidator } from '#accounts/validators'
import { AccountsException } from '#accounts/errors'
import { audit } from '#accounts/audit/audit_service'
import { ACTIVE_TENANT_SESSION_KEY } from '#accounts/middleware/identify_tenant_middleware'
import type Invitation from '#accounts/models/invitation'

/**
 * Joining a company with a join code: a signed-in user enters the code; a
 * new person enters it with their account details. A wrong, tampered,
 * expired or revoked code gets one clear message.
 */
export default class JoinController {
  async show({ inertia, request, auth }: HttpContext) {
    await auth.check()
    return inertia.render('accounts/invitations/join', {
      code:
        typeof request.input('code') === 'string' ? String(request.input('code')).slice(0, 32) : '',
      signedIn: !!auth.user,
    })
  }

  /** A signed-in user joins. */
  async store(ctx: HttpContext) {
    const { request, auth } = ctx
    const { code } = await request.validateUsing(joinCodeValidator)
    const invitation = await this.#openInvitation(code)
    const user = auth.getUserOrFail()
    const { alreadyMember } = await new AcceptInvitation().handle(invitation, user, {
      ip: request.ip(),
      userAgent: request.header('user-agent'),
    })
    return this.#enter(ctx, invitation, alreadyMember)
  }

  /**
   * A new person creates an account with the code. As on the sign-up form,
   * an address that already has an account gets the same answer ("check
   * your e-mail") and its owner a mail, never a message saying so; the new
   * member signs in with the password just chosen.
   */
  async register(ctx: HttpContext) {
    const { request, session, response, i18n } = ctx
    const data = await request.validateUsing(joinAsNewUserValidator)
    const invitation = await this.#openInvitation(data.code)

    const actor = { ip: request.ip(), userAgent: request.header('user-agent') }
    const existing = await User.findByEmail(data.email)
    if (existing) {
      await new NotifyExistingAccount().handle(existing, data.password, actor)
    } else {
      const user = await db.transaction(async (trx) => {
        const created = await User.create(
          {
            fullName: data.fullName,
            email: data.email,
            password: data.password,
            isSuperAdmin: false,
            locale: i18n.locale,
          },
          { client: trx }
        )
        await audit.record(actor, 'user.registered', {
          tenantId: invitation.tenantId,
          userId: created.id,
          entity: 'user',
          entityId: created.id,
          after: { email: created.email, fullName: created.fullName, via: 'join_code' },
          client: trx,
        })
        await new AcceptInvitation().handle(invitation, created, actor, trx)
        return created
      })
      await new SendEmailVerification().handle(user)
    }
    session.flash('success', i18n.t('accounts.register.check_email', { email: data.email }))
    return response.redirect().toRoute('accounts.login')
  }

  async #openInvitation(code: string): Promise<Invitation> {
    const invitation = await findInvitationByCode(code)
    if (!invitation) throw new AccountsException('accounts.join.invalid_code', {}, 'code')
    const state = invitationState(invitation)
    if (state === 'expired') {
      throw new AccountsException(
        'accounts.invitations.expired',
        { date: invitation.expiresAt.toJSDate() },
        'code'
      )
    }
    if (state !== 'open') throw new AccountsException(`accounts.invitations.${state}`, {}, 'code')
    return invitation
  }

  #enter({ session, response, i18n }: HttpContext, invitation: Invitation, alreadyMember: boolean) {
    session.put(ACTIVE_TENANT_SESSION_KEY, invitation.tenantId)
    session.flash(
      'success',
      i18n.t(
        alreadyMember ? 'accounts.invitations.already_joined' : 'accounts.invitations.joined',
        {
          company: invitation.tenant.tradeName,
        }
      )
    )
    return response.redirect().toRoute('app.dashboard')
  }
}
