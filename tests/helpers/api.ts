import app from '@adonisjs/core/services/app'
import { apiTokens, type ApiScope } from '#api/tokens'
import { ApiLimits } from '#api/limits'
import { createEcCompany, type EcCompany } from '#tests/helpers/invoicing'
import { setPlan } from '#tests/helpers/billing'
import type { Role } from '#accounts/roles'

export interface ApiCompany extends EcCompany {
  /** A token with every scope. */
  token: string
}

/** A token of the company with the given scopes, in clear (as shown once). */
export async function tokenFor(company: Pick<EcCompany, 'tenant'>, scopes: ApiScope[]) {
  const token = await apiTokens.create(company.tenant, scopes, { name: 'test' })
  return token.value!.release()
}

/** An EC company ready to issue, on a plan with API access, with a full token. */
export async function createApiCompany(role: Role = 'OWNER'): Promise<ApiCompany> {
  const company = await createEcCompany(role)
  await setPlan(company.tenant, 'empresarial')
  const token = await tokenFor(company, ['documents:write', 'documents:read', 'catalog:write'])
  return { ...company, token }
}

/** Small allowances for the rate-limit tests; returns how to restore the defaults. */
export function useApiLimits(perToken: number, perCompany: number) {
  app.container.swap(
    ApiLimits,
    () =>
      new ApiLimits({ requests: perToken, duration: 60 }, { requests: perCompany, duration: 60 })
  )
  return () => app.container.restore(ApiLimits)
}

/** Sends the request and checks its status (for calls whose body the test does not read). */
export async function expectStatus(
  request: PromiseLike<{ assertStatus(status: number): void }>,
  status: number
) {
  const response = await request
  response.assertStatus(status)
  return response
}
