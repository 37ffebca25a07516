import { TenantJob, type TenantJobPayload } from '#tenancy/tenant_job'
import { tenantContext } from '#tenancy/tenant_context'
import Membership from '#accounts/models/membership'

export interface ProbePayload extends TenantJobPayload {
  label: string
}

/** What each run of the probe saw: the active tenant and the members it could read. */
export const probeRuns: { label: string; tenantId: number | null; memberIds: number[] }[] = []

/**
 * A test job: records the tenant context it ran in and the memberships a
 * scoped query returned there.
 */
export default class ProbeTenantJob extends TenantJob<ProbePayload> {
  static get $$filepath() {
    return import.meta.url
  }

  async handle(payload: ProbePayload) {
    const members = await Membership.all()
    probeRuns.push({
      label: payload.label,
      tenantId: tenantContext.current()?.id ?? null,
      memberIds: members.map((member) => member.id),
    })
  }

  async rescue() {}
}
