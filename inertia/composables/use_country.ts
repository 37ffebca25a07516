import { usePage } from '@inertiajs/vue3'

/**
 * What the active company's country calls things, from its tax adapter
 * (shared with every page of a company): the authority's name and its
 * environments' labels. Pages never name a country themselves.
 */
export function useCountry() {
  const page = usePage()
  return {
    authorityName: () => page.props.tenant?.authority ?? '',
    environmentLabel: (code: string) => page.props.tenant?.environments[code] ?? code,
  }
}
