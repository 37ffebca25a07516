/*
 * The catalog module's provider: binds what the catalog adds to a company
 * created at sign-up (its head office and first emission point; see
 * #accounts/registration_hooks).
 */
import type { ApplicationService } from '@adonisjs/core/types'
import { CompanySetup } from '#accounts/registration_hooks'
import { CreateHeadOffice } from '#catalog/head_office'

export default class CatalogProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton(CompanySetup, () => new CreateHeadOffice())
  }
}
