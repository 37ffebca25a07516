import type { HttpContext } from '@adonisjs/core/http'
import type EmissionPoint from '#catalog/models/emission_point'
import MemberDefault from '#catalog/models/member_default'
import { audit, type AuditActor } from '#accounts/audit/audit_service'

/**
 * Sets (or, with null, clears) the emission point a member issues from by
 * default. The membership and the point were loaded in the tenant's
 * context, so both belong to the company. Audited with the previous point.
 */
export default class SetMemberDefault {
  async handle(membershipId: number, point: EmissionPoint | null, actor: HttpContext | AuditActor) {
    return audit.transaction(actor, async (trx, record) => {
      const current = await MemberDefault.query({ client: trx })
        .where('membership_id', membershipId)
        .first()
      const before = current ? { emissionPointId: current.emissionPointId } : null
      let saved: MemberDefault | null = null
      if (!point) {
        await MemberDefault.query({ client: trx }).where('membership_id', membershipId).delete()
      } else {
        saved = await MemberDefault.updateOrCreate(
          { membershipId },
          { establishmentId: point.establishmentId, emissionPointId: point.id },
          { client: trx }
        )
      }
      if ((before?.emissionPointId ?? null) !== (point?.id ?? null)) {
        await record('member_default.set', {
          entity: 'member_default',
          entityId: membershipId,
          before,
          after: point ? { emissionPointId: point.id } : null,
        })
      }
      return saved
    })
  }
}
