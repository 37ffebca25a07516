import { DateTime } from 'luxon'
import Tenant, { type TenantCountry } from '#tenancy/models/tenant'
import User from '#accounts/models/user'
import Membership from '#accounts/models/membership'
import { tenantContext } from '#tenancy/tenant_context'
import type { Role } from '#accounts/roles'

let sequence = 0
function next() {
  sequence += 1
  return `${process.pid % 1000}${Date.now() % 100000}${sequence}`
}

/**
 * Test data builders for companies and people. The numbers are unique per
 * run, not valid RUCs: the database does not check them, the validator
 * tests do. Companies are on the largest plan for sale unless a test asks
 * for another, so tests of other features do not meet plan limits; the
 * billing tests pick the plan they test.
 */
export async function createTenant(overrides: Partial<Tenant> = {}) {
  const id = next()
  const country: TenantCountry = overrides.country ?? 'EC'
  return Tenant.create({
    country,
    taxId: country === 'EC' ? id.padStart(10, '0').slice(-10) + '001' : `${id}-2-2020`,
    taxIdDv: country === 'PA' ? '00' : null,
    legalName: `Empresa ${id} S.A.`,
    tradeName: `Empresa ${id}`,
    address: 'Av. Amazonas N34-120, Quito',
    slug: `empresa-${id}`,
    status: 'ACTIVE',
    authorityEnvironment: 'test',
    planCode: 'empresarial',
    currency: 'USD',
    locale: 'es',
    ...overrides,
  })
}

export const TEST_PASSWORD = 'clave-segura-2024'

export async function createUser(overrides: Partial<User> = {}) {
  const id = next()
  return User.create({
    fullName: `Persona ${id}`,
    email: `persona-${id}@example.com`,
    password: TEST_PASSWORD,
    isSuperAdmin: false,
    emailVerifiedAt: DateTime.now(),
    locale: 'es',
    ...overrides,
  })
}

export async function addMember(
  tenant: Tenant,
  user: User,
  role: Role,
  options: { isActive?: boolean; isDefault?: boolean } = {}
) {
  return tenantContext.run(tenant, () =>
    Membership.create({
      userId: user.id,
      role,
      isActive: options.isActive ?? true,
      isDefault: options.isDefault ?? false,
    })
  )
}

/** A company with one member of the given role. */
export async function createCompany(role: Role = 'OWNER', overrides: Partial<Tenant> = {}) {
  const tenant = await createTenant(overrides)
  const user = await createUser()
  const membership = await addMember(tenant, user, role, { isDefault: true })
  return { tenant, user, membership }
}
