import type Membership from '#accounts/models/membership'
import type Invitation from '#accounts/models/invitation'
import type AuditLog from '#accounts/models/audit_log'

export interface MemberDto {
  id: number
  fullName: string | null
  email: string
  role: string
  isActive: boolean
  emailVerified: boolean
  joinedAt: string
  lastLoginAt: string | null
}

/** A membership with its user (preloaded) as the users page shows it. */
export function toMemberDto(membership: Membership): MemberDto {
  return {
    id: membership.id,
    fullName: membership.user.fullName,
    email: membership.user.email,
    role: membership.role,
    isActive: membership.isActive,
    emailVerified: membership.user.emailVerifiedAt !== null,
    joinedAt: membership.createdAt.toISO()!,
    lastLoginAt: membership.user.lastLoginAt?.toISO() ?? null,
  }
}

export interface InvitationDto {
  id: number
  kind: 'email' | 'code'
  email: string | null
  codeHint: string | null
  role: string
  useCount: number
  maxUses: number | null
  expiresAt: string
  createdAt: string
}

export function toInvitationDto(invitation: Invitation): InvitationDto {
  return {
    id: invitation.id,
    kind: invitation.kind,
    email: invitation.email,
    codeHint: invitation.codeHint,
    role: invitation.role,
    useCount: invitation.useCount,
    maxUses: invitation.maxUses,
    expiresAt: invitation.expiresAt.toISO()!,
    createdAt: invitation.createdAt.toISO()!,
  }
}

export interface AuditLogDto {
  id: number
  action: string
  entity: string | null
  entityId: string | null
  user: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  ip: string | null
  userAgent: string | null
  createdAt: string
}

export function toAuditLogDto(log: AuditLog): AuditLogDto {
  return {
    id: log.id,
    action: log.action,
    entity: log.entity,
    entityId: log.entityId,
    user: log.user ? log.user.email : null,
    before: log.before,
    after: log.after,
    ip: log.ip,
    userAgent: log.userAgent,
    createdAt: log.createdAt.toISO()!,
  }
}
