import { usePage } from '@inertiajs/vue3'
import type { Permission } from '#accounts/roles'

/** Whether the signed-in member's role has a permission (shared `access` prop). */
export function useAccess() {
  const page = usePage()
  return {
    can: (permission: Permission) => page.props.access?.permissions.includes(permission) ?? false,
  }
}
