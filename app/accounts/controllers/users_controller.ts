import type { HttpContext } from '@adonisjs/core/http'
import Membership from '#accounts/models/membership'
import Invitation from '#accounts/models/invitation'
import InviteByEmail from '#accounts/actions/invite_by_email'
import CreateJoinCode from '#accounts/actions/create_join_code'
import RevokeInvitation from '#accounts/actions/revoke_invitation'
import ChangeMemberRole from '#accounts/actions/change_member_role'
import SetMemberActive from '#accounts/actions/set_member_active'
import { toInvitationDto, toMemberDto } from '#accounts/dtos/member_dto'
import {
  changeRoleValidator,
  createJoinCodeValidator,
  inviteByEmailValidator,
} from '#accounts/validators'
import { INVITABLE_ROLES, ROLES } from '#accounts/roles'
import { ensureAllowed } from '#accounts/errors'

/**
 * The company's people: members, pending e-mail invitations and join codes.
 * Every query here runs in the tenant context, so an id of another company
 * is simply not found (404).
 */
export default class UsersController {
  async index({ inertia, membership, session }: HttpContext) {
    const members = await Membership.query()
      .preload('user')
      .orderBy('is_active', 'desc')
      .orderBy('created_at', 'asc')
    const notRevoked = await Invitation.query()
      .whereNull('revoked_at')
      .orderBy('created_at', 'desc')
    const open = notRevoked.filter((invitation) => invitation.isOpen)

    return inertia.render('accounts/users/index', {
      members: members.map(toMemberDto),
      invitations: open.filter((item) => item.kind === 'email').map(toInvitationDto),
      joinCodes: open.filter((item) => item.kind === 'code').map(toInvitationDto),
      newJoinCode: (session.flashMessages.get('joinCode') as string | undefined) ?? null,
      me: { membershipId: membership!.id, role: membership!.role },
      roles: ROLES,
      invitableRoles: INVITABLE_ROLES,
    })
  }

  async invite(ctx: HttpContext) {
    const { request, bouncer, session, response, i18n } = ctx
    ensureAllowed(await bouncer.with('InvitationPolicy').allows('create'))
    const data = await request.validateUsing(inviteByEmailValidator)
    await new InviteByEmail().handle(ctx, data)
    session.flash('success', i18n.t('accounts.invitations.sent', { email: data.email }))
    return response.redirect().toRoute('app.users.index')
  }

  async createJoinCode(ctx: HttpContext) {
    const { request, bouncer, session, response, i18n } = ctx
    ensureAllowed(await bouncer.with('InvitationPolicy').allows('create'))
    const data = await request.validateUsing(createJoinCodeValidator)
    const { code } = await new CreateJoinCode().handle(ctx, data)
    session.flash('joinCode', code)
    session.flash('success', i18n.t('accounts.join.created'))
    return response.redirect().toRoute('app.users.index')
  }

  async revoke(ctx: HttpContext) {
    const { params, bouncer, session, response, i18n } = ctx
    const invitation = await Invitation.findOrFail(params.id)
    ensureAllowed(await bouncer.with('InvitationPolicy').allows('revoke', invitation))
    await new RevokeInvitation().handle(ctx, invitation)
    session.flash('success', i18n.t('accounts.invitations.revoked_done'))
    return response.redirect().toRoute('app.users.index')
  }

  async updateRole(ctx: HttpContext) {
    const { params, request, bouncer, session, response, i18n } = ctx
    const target = await Membership.findOrFail(params.id)
    const { role } = await request.validateUsing(changeRoleValidator)
    ensureAllowed(await bouncer.with('MembershipPolicy').allows('changeRole', target, role))
    await new ChangeMemberRole().handle(ctx, target, role)
    session.flash('success', i18n.t('accounts.members.role_changed'))
    return response.redirect().toRoute('app.users.index')
  }

  async deactivate(ctx: HttpContext) {
    const { params, bouncer, session, response, i18n } = ctx
    const target = await Membership.findOrFail(params.id)
    ensureAllowed(await bouncer.with('MembershipPolicy').allows('deactivate', target))
    await new SetMemberActive().handle(ctx, target, false)
    session.flash('success', i18n.t('accounts.members.deactivated'))
    return response.redirect().toRoute('app.users.index')
  }

  async reactivate(ctx: HttpContext) {
    const { params, bouncer, session, response, i18n } = ctx
    const target = await Membership.findOrFail(params.id)
    ensureAllowed(await bouncer.with('MembershipPolicy').allows('reactivate', target))
    await new SetMemberActive().handle(ctx, target, true)
    session.flash('success', i18n.t('accounts.members.reactivated'))
    return response.redirect().toRoute('app.users.index')
  }
}
