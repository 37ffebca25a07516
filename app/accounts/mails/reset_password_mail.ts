import type User from '#accounts/models/user'
import { AccountMail } from '#accounts/mails/account_mail'

/** A password-reset link, valid one hour and usable once. */
export default class ResetPasswordMail extends AccountMail {
  protected readonly key = 'reset_password'
  protected readonly recipient: string
  protected readonly locale: string

  constructor(
    private readonly user: User,
    readonly url: string,
    private readonly ip: string
  ) {
    super()
    this.recipient = user.email
    this.locale = user.locale
  }

  protected data() {
    return { name: this.user.fullName ?? this.user.email, ip: this.ip }
  }
}
