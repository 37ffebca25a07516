import type { HttpContext } from '@adonisjs/core/http'
import ChangePassword from '#accounts/actions/change_password'
import EndSessions, { keepThisDeviceSignedIn } from '#accounts/actions/end_sessions'
import { changePasswordValidator } from '#accounts/validators'

/** The signed-in person's own account: password and open sessions. */
export default class AccountController {
  async show({ inertia, auth }: HttpContext) {
    const user = auth.getUserOrFail()
    return inertia.render('accounts/account/show', {
      account: { fullName: user.fullName, email: user.email },
    })
  }

  async updatePassword(ctx: HttpContext) {
    const { request, session, response, i18n } = ctx
    const input = await request.validateUsing(changePasswordValidator)
    await new ChangePassword().handle(ctx, input)
    session.flash('success', i18n.t('accounts.password.changed'))
    return response.redirect().toRoute('accounts.account.show')
  }

  /** "Cerrar sesión en los demás dispositivos": every session but this one ends. */
  async endOtherSessions(ctx: HttpContext) {
    const { auth, session, response, i18n } = ctx
    const user = auth.getUserOrFail()
    await new EndSessions().handle(user.id, ctx, { reason: 'other_devices' })
    await keepThisDeviceSignedIn(ctx, user.id)
    session.flash('success', i18n.t('accounts.sessions.others_ended'))
    return response.redirect().toRoute('accounts.account.show')
  }
}
