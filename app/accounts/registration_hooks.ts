/*
|--------------------------------------------------------------------------
| What other modules add to a new company at sign-up
|--------------------------------------------------------------------------
|
| Registration (accounts) creates the company, its owner and the
| membership; the catalog adds the head office and its first emission
| point. Accounts does not import the catalog: the catalog binds
| `CompanySetup` in the container (app/catalog/provider.ts) and
| registration resolves it, inside its transaction and the new company's
| tenant context, so a failure rolls the whole sign-up back.
|
*/
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Tenant from '#tenancy/models/tenant'
import type { AuditActor } from '#accounts/audit/audit_service'

export interface NewCompany {
  tenant: Tenant
  /** The head-office address given at sign-up. */
  address: string
  /** The owner who signed up. */
  userId: number
  actor: AuditActor
  trx: TransactionClientContract
}

export class CompanySetup {
  async created(_company: NewCompany): Promise<void> {}
}
