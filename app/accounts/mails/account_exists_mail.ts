import type User from '#accounts/models/user'
import { AccountMail } from '#accounts/mails/account_mail'

/**
 * Someone tried to sign up with an address that already has an account.
 * The form answered as for a new account (it must not tell who has one);
 * this mail tells the owner, and only the owner, what to do.
 */
export default class AccountExistsMail extends AccountMail {
  protected readonly key = 'account_exists'
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
