import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'

/**
 * Base class of ace commands that act on one company:
 * `node ace <command> --tenant=<slug or id>`. The whole command (`prepare`,
 * `interact`, `run`, `completed`) runs inside that company's tenant
 * context; `this.company` is the resolved tenant.
 */
export abstract class TenantCommand extends BaseCommand {
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Company slug or numeric id', required: true })
  declare tenant: string

  /** The company named by --tenant. */
  protected company!: Tenant

  async exec() {
    const reference = String(this.parsed?.flags?.tenant ?? '').trim()
    const company = reference ? await TenantCommand.findTenant(reference) : null
    if (!company) {
      this.hydrate()
      this.logger.error(`Company "${reference}" not found: use its slug or its id`)
      this.exitCode = 1
      return
    }
    this.company = company
    return tenantContext.run(company, () => super.exec())
  }

  static findTenant(reference: string) {
    return /^\d+$/.test(reference)
      ? Tenant.find(Number(reference))
      : Tenant.findBy('slug', reference)
  }
}
