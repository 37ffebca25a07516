/**
 * Roles and permissions of a company member. This table is the single source
 * of truth: Bouncer abilities read it, navigation filters on it, and
 * docs/roles.md shows it (a unit test keeps the two in step).
 */
export const ROLES = ['OWNER', 'ADMIN', 'OPERATOR', 'READONLY'] as const
export type Role = (typeof ROLES)[number]

/** Roles an invitation or join code may grant; OWNER is only promoted to. */
export const INVITABLE_ROLES = ['ADMIN', 'OPERATOR', 'READONLY'] as const
export type InvitableRole = (typeof INVITABLE_ROLES)[number]

export const PERMISSIONS = [
  'dashboard.view',
  'documents.view',
  'documents.create',
  'documents.issue',
  'documents.void',
  'documents.export',
  'customers.view',
  'customers.manage',
  'products.view',
  'products.manage',
  'establishments.manage',
  'reports.view',
  'receivables.manage',
  'certificates.upload',
  'settings.manage',
  'users.manage',
  'billing.manage',
  'audit.view',
] as const
export type Permission = (typeof PERMISSIONS)[number]

const READ: Permission[] = [
  'dashboard.view',
  'documents.view',
  'documents.export',
  'customers.view',
  'products.view',
  'reports.view',
]

const OPERATE: Permission[] = [
  ...READ,
  'documents.create',
  'documents.issue',
  'customers.manage',
  'products.manage',
  'receivables.manage',
]

const ADMINISTER: Permission[] = [
  ...OPERATE,
  'documents.void',
  'establishments.manage',
  'certificates.upload',
  'settings.manage',
  'users.manage',
  'audit.view',
]

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  OWNER: [...ADMINISTER, 'billing.manage'],
  ADMIN: ADMINISTER,
  OPERATOR: OPERATE,
  READONLY: READ,
}

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission)
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}
