import EmissionPoint from '#catalog/models/emission_point'
import MemberDefault from '#catalog/models/member_default'

/**
 * The emission point a member issues from when they do not pick one: their
 * default if it is still active (with its establishment), else the
 * company's first active point by codes (001-001). Null when the company
 * has none. Runs in the tenant's context.
 */
export async function defaultEmissionPointFor(membershipId: number) {
  const chosen = await MemberDefault.findBy('membership_id', membershipId)
  if (chosen) {
    const point = await activePoints().where('emission_points.id', chosen.emissionPointId).first()
    if (point) return point
  }
  return activePoints().first()
}

/** Active points of active establishments, in code order, with their establishment. */
export function activePoints() {
  return EmissionPoint.query()
    .join('establishments', 'establishments.id', 'emission_points.establishment_id')
    .where('emission_points.is_active', true)
    .where('establishments.is_active', true)
    .orderBy('establishments.code')
    .orderBy('emission_points.code')
    .select('emission_points.*')
    .preload('establishment')
}
