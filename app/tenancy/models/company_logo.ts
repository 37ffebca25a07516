import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { WithTenant } from '#tenancy/with_tenant'

/** The company's logo, one per company, drawn on its printed documents and e-mails. */
export default class CompanyLogo extends compose(BaseModel, WithTenant) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare contentType: 'image/png' | 'image/jpeg'

  @column({ serializeAs: null })
  declare content: Buffer

  @column()
  declare width: number

  @column()
  declare height: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}

/** The current company's logo for an e-mail or a PDF, or null (read in its tenant context). */
export async function companyLogo() {
  const logo = await CompanyLogo.query().select('content', 'content_type').first()
  return logo ? { content: logo.content, contentType: logo.contentType } : null
}
