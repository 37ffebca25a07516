import type EmissionPoint from '#catalog/models/emission_point'
import MemberDefault from '#catalog/models/member_default'

/**
 * Sets (or, with null, clears) the emission point a member issues from by
 * default. The membership and the point were loaded in the tenant's
 * context, so both belong to the company.
 */
export default class SetMemberDefault {
  async handle(membershipId: number, point: EmissionPoint | null) {
    if (!point) {
      await MemberDefault.query().where('membership_id', membershipId).delete()
      return null
    }
    return MemberDefault.updateOrCreate(
      { membershipId },
      { establishmentId: point.establishmentId, emissionPointId: point.id }
    )
  }
}
