import { Exception } from '@adonisjs/core/exceptions'

/**
 * The requested company does not exist or the user is not a member. Both
 * answer 404 on purpose: a stranger must not learn that a company exists.
 */
export class TenantNotFoundException extends Exception {
  static status = 404
  static code = 'E_TENANT_NOT_FOUND'
  static message = 'Company not found'
}

/**
 * Tenant-scoped code ran without a tenant context. This is a programming
 * error (a job or command forgot to enter the context), never user input.
 */
export class MissingTenantContextException extends Exception {
  static status = 500
  static code = 'E_MISSING_TENANT_CONTEXT'
  static message = 'No tenant context is active'
}

/**
 * A tenant-scoped row was about to be written under another tenant's
 * context: the write is refused before it reaches the database.
 */
export class TenantMismatchException extends Exception {
  static status = 404
  static code = 'E_TENANT_MISMATCH'
  static message = 'The row belongs to another company'
}
