import type { I18n } from '@adonisjs/i18n'
import { AccountMail } from '#accounts/mails/account_mail'

/** An invitation to join a company, in the company's language. */
export default class InvitationMail extends AccountMail {
  protected readonly key = 'invitation'

  constructor(
    protected readonly recipient: string,
    readonly url: string,
    protected readonly locale: string,
    private readonly details: { company: string; inviter: string; role: string; days: number }
  ) {
    super()
  }

  protected data(i18n: I18n) {
    return { ...this.details, role: i18n.t(`accounts.roles.${this.details.role}`) }
  }
}
