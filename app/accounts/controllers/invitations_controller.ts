import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import User from '#accounts/models/user'
import AcceptInvitation from '#accounts/actions/accept_invitation'
import {
  findInvitationByToken,
  invitationState,
  type InvitationState,
} from '#accounts/actions/find_invitation'
import { acceptAsNewUserValidator } from '#accounts/validators'
import { AccountsException } from '#accounts/errors'
import { audit } from '#accounts/audit/audit_service'
import { ACTIVE_TENANT_SESSION_KEY } from '#accounts/middleware/identify_tenant_middleware'

type Mode = 'accept' | 'wrong_user' | 'sign_in' | 'register'

/**
 * The link of an e-mail invitation. One page covers every case: a signed-in
 * invitee accepts with one click; someone signed in as another person is
 * told so; an invitee with an account signs in first; a new person creates
 * their account right there (the link proves the address, so it counts as
 * verified).
 */
export default class InvitationsController {
  async show({ inertia, params, auth }: HttpContext) {
    const token = String(params.token)
    const invitation = await findInvitationByToken(token)
    if (!invitation) {
      return inertia.render('accounts/invitations/show', {
        state: 'invalid',
        token,
        invitation: null,
        mode: null,
      })
    }

    const state: InvitationState = invitationState(invitation)
    await auth.check()
    const user = auth.user
    let mode: Mode
    if (user) {
      mode = user.email.toLowerCase() === invitation.email?.toLowerCase() ? 'accept' : 'wrong_user'
    } else {
      mode = (await User.findByEmail(invitation.email!)) ? 'sign_in' : 'register'
    }

    return inertia.render('accounts/invitations/show', {
      state,
      token,
      mode,
      invitation: {
        company: invitation.tenant.tradeName,
        email: invitation.email,
        role: invitation.role,
        expiresAt: invitation.expiresAt.toISO()!,
      },
    })
  }

  /** A signed-in invitee accepts. */
  async accept(ctx: HttpContext) {
    const { params, auth, session, response, i18n, request } = ctx
    const invitation = await findInvitationByToken(String(params.token))
    if (!invitation) throw new AccountsException('accounts.invitations.invalid')

    const user = auth.getUserOrFail()
    const { alreadyMember } = await new AcceptInvitation().handle(invitation, user, {
      ip: request.ip(),
      userAgent: request.header('user-agent'),
    })
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

  /** A new person creates their account and accepts in one step. */
  async register(ctx: HttpContext) {
    const { params, request, auth, session, response, i18n } = ctx
    const invitation = await findInvitationByToken(String(params.token))
    if (!invitation) throw new AccountsException('accounts.invitations.invalid')
    const data = await request.validateUsing(acceptAsNewUserValidator)
    if (await User.findByEmail(invitation.email!)) {
      throw new AccountsException('accounts.invitations.account_exists')
    }
    if (invitationState(invitation) !== 'open') {
      // Checked again under lock by AcceptInvitation; this avoids creating
      // an account for an invitation that can no longer be used.
      throw new AccountsException(`accounts.invitations.${invitationState(invitation)}`, {
        date: invitation.expiresAt.toJSDate(),
      })
    }

    const actor = { ip: request.ip(), userAgent: request.header('user-agent') }
    const user = await db.transaction(async (trx) => {
      const created = await User.create(
        {
          fullName: data.fullName,
          email: invitation.email!,
          password: data.password,
          isSuperAdmin: false,
          locale: i18n.locale,
          emailVerifiedAt: DateTime.now(),
        },
        { client: trx }
      )
      await audit.record(actor, 'user.registered', {
        tenantId: invitation.tenantId,
        userId: created.id,
        entity: 'user',
        entityId: created.id,
        after: { email: created.email, fullName: created.fullName, via: 'invitation' },
        client: trx,
      })
      await new AcceptInvitation().handle(invitation, created, actor, trx)
      return created
    })

    await auth.use('web').login(user)
    session.put(ACTIVE_TENANT_SESSION_KEY, invitation.tenantId)
    session.flash(
      'success',
      i18n.t('accounts.invitations.joined', { company: invitation.tenant.tradeName })
    )
    return response.redirect().toRoute('app.dashboard')
  }
}
