/*
|--------------------------------------------------------------------------
| The plan's limits, plugged into the modules they limit
|--------------------------------------------------------------------------
|
| The lifecycle, accounts and catalog modules declare a guard class each
| (#documents/issue_guard, #accounts/plan_hooks, #catalog/plan_hooks) and
| never import billing; the billing provider binds these subclasses in the
| container. Each runs inside the caller's transaction so a refusal rolls
| back what it guards and two requests at the boundary cannot both pass.
|
*/
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Tenant from '#tenancy/models/tenant'
import { IssueGuard, type IssuingCompany } from '#documents/issue_guard'
import { InvoicingException } from '#documents/errors'
import BillingAccount from '#billing/models/billing_account'
import { NewCompanyHook, SeatGuard } from '#accounts/plan_hooks'
import { EstablishmentGuard } from '#catalog/plan_hooks'
import { meterIssuedDocument } from '#billing/usage/meter'
import { assertCanAddEstablishment, assertSeatAvailable } from '#billing/usage/limits'
import { startTrial } from '#billing/billing_account'

/**
 * Counts the document in the month's usage, or refuses it over the limit
 * (keeps a draft); a company the platform suspended is told the reason the
 * console recorded with its billing account.
 */
export class DocumentLimitGuard extends IssueGuard {
  async check(trx: TransactionClientContract, company: IssuingCompany) {
    await meterIssuedDocument(trx, company)
  }

  async explainInactive(company: IssuingCompany) {
    if (company.status !== 'SUSPENDED') return
    const account = await BillingAccount.query().where('tenant_id', company.id).first()
    if (account?.suspensionNote) {
      throw new InvoicingException('invoicing.errors.company_suspended_by_platform', {
        note: account.suspensionNote,
      })
    }
  }
}

/** Refuses a member over the plan's seats. */
export class PlanSeatGuard extends SeatGuard {
  async check(trx: TransactionClientContract, options: { reservePending?: boolean } = {}) {
    await assertSeatAvailable(trx, options)
  }
}

/** Refuses an establishment over the plan's limit. */
export class PlanEstablishmentGuard extends EstablishmentGuard {
  async check(trx: TransactionClientContract) {
    await assertCanAddEstablishment(trx)
  }
}

/** A new company starts on the trial plan. */
export class StartTrialOnRegistration extends NewCompanyHook {
  async created(tenant: Tenant, trx: TransactionClientContract) {
    await startTrial(tenant, trx)
  }
}
