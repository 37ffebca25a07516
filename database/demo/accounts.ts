import { DateTime } from 'luxon'
import Tenant from '#tenancy/models/tenant'
import User from '#accounts/models/user'
import Membership from '#accounts/models/membership'
import { tenantContext } from '#tenancy/tenant_context'
import { DEMO_ACCOUNTS } from '#database/demo_accounts'
import type { Role } from '#accounts/roles'
import { billingAccountOf, startTrial } from '#billing/billing_account'
import db from '@adonisjs/lucid/services/db'

function demoPassword(email: string) {
  const account = DEMO_ACCOUNTS.find((item) => item.email === email)
  if (!account) throw new Error(`${email} is missing from DEMO_ACCOUNTS`)
  return account.password
}

/**
 * A demo company: its identity is kept up to date, but its status and
 * plan are set only when it is created, so a demo subscription made with
 * the local Stripe (or a trial that ran out) survives the next start.
 */
async function demoTenant(
  slug: string,
  values: Partial<Tenant> & Pick<Tenant, 'status' | 'planCode'>
) {
  const { status, planCode, ...identity } = values
  const existing = await Tenant.findBy('slug', slug)
  if (existing) {
    existing.merge(identity)
    await existing.save()
    return existing
  }
  const tenant = await Tenant.create({ slug, status, planCode, ...identity })
  // The TRIAL company's trial runs from its creation; the others start
  // with a billing account and no subscription (a plan assigned by hand).
  if (status === 'TRIAL') {
    await db.transaction((trx) => startTrial(tenant, trx))
  } else {
    await tenantContext.run(tenant, () => billingAccountOf(tenant))
  }
  return tenant
}

/**
 * Demo companies and people. Idempotent (npm start seeds on every start):
 * rows are found by natural keys; an existing user's password is left as
 * the person changed it. Ferretería Los Andes is ACTIVE on the
 * Profesional plan (assigned, no Stripe subscription); Distribuidora
 * Istmo is in its trial, ready to try the checkout with the local Stripe.
 */
export async function seedDemoAccounts() {
  const andes = await demoTenant('los-andes', {
    country: 'EC',
    // Private-company RUC (third digit 9); passes the SRI módulo 11.
    taxId: '1792146739001',
    taxIdDv: null,
    legalName: 'Ferretería Los Andes Cía. Ltda.',
    tradeName: 'Ferretería Los Andes',
    address: 'Av. 10 de Agosto N24-15 y Cordero, Quito',
    status: 'ACTIVE',
    authorityEnvironment: 'test',
    planCode: 'profesional',
    currency: 'USD',
    locale: 'es',
  })
  const istmo = await demoTenant('istmo', {
    country: 'PA',
    // Juridical RUC; DV 88 by the DGI algorithm.
    taxId: '155704127-2-2021',
    taxIdDv: '88',
    legalName: 'Distribuidora Istmo, S.A.',
    tradeName: 'Distribuidora Istmo',
    address: 'Calle 50, Edificio Plaza, piso 3, Ciudad de Panamá',
    status: 'TRIAL',
    authorityEnvironment: 'test',
    planCode: 'trial',
    currency: 'USD',
    locale: 'es',
  })

  const people: { email: string; fullName: string; superAdmin?: boolean }[] = [
    { email: 'superadmin@facturo.test', fullName: 'Sofía Administradora', superAdmin: true },
    { email: 'propietario@andes.test', fullName: 'Andrés Quishpe' },
    { email: 'operador@andes.test', fullName: 'María Chiriboga' },
    { email: 'propietario@istmo.test', fullName: 'Carlos Méndez' },
    { email: 'operador@istmo.test', fullName: 'Ana Batista' },
    { email: 'contadora@facturo.test', fullName: 'Lucía Contreras' },
  ]
  const users = new Map<string, User>()
  for (const person of people) {
    const user = await User.firstOrCreate(
      { email: person.email },
      {
        fullName: person.fullName,
        password: demoPassword(person.email),
        isSuperAdmin: person.superAdmin ?? false,
        emailVerifiedAt: DateTime.now(),
        locale: 'es',
      }
    )
    users.set(person.email, user)
  }

  const memberships: { tenant: Tenant; email: string; role: Role; isDefault: boolean }[] = [
    { tenant: andes, email: 'propietario@andes.test', role: 'OWNER', isDefault: true },
    { tenant: andes, email: 'operador@andes.test', role: 'OPERATOR', isDefault: true },
    { tenant: istmo, email: 'propietario@istmo.test', role: 'OWNER', isDefault: true },
    { tenant: istmo, email: 'operador@istmo.test', role: 'OPERATOR', isDefault: true },
    { tenant: andes, email: 'contadora@facturo.test', role: 'READONLY', isDefault: true },
    { tenant: istmo, email: 'contadora@facturo.test', role: 'READONLY', isDefault: false },
  ]
  for (const item of memberships) {
    await tenantContext.run(item.tenant, () =>
      Membership.updateOrCreate(
        { userId: users.get(item.email)!.id },
        { role: item.role, isActive: true, isDefault: item.isDefault }
      )
    )
  }

  return { andes, istmo }
}
