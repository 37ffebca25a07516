import type User from '#accounts/models/user'
import { AccountMail } from '#accounts/mails/account_mail'

/** Confirms that the address belongs to the user (link valid 48 hours). */
export default class VerifyEmailMail extends AccountMail {
  protected readonly key = 'verify_email'
  protected readonly recipient: string
  protected readonly locale: string

  constructor(
    private readonly user: User,
    readonly url: string
  ) {
    super()
    this.recipient = user.email
    this.locale = user.locale
  }

  protected data() {
    return { name: this.user.fullName ?? this.user.email }
  }
}
