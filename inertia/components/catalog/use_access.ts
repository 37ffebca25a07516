import { usePage } from '@inertiajs/vue3'

/** Whether the signed-in member's role has a permission (shared `access` prop). */
export function useAccess() {
  const page = usePage<{ access: { role: string; permissions: string[] } | null }>()
  return {
    can: (permission: string) => page.props.access?.permissions.includes(permission) ?? false,
  }
}
