import { usePage } from '@inertiajs/vue3'
import { useI18n } from '~/composables/use_i18n'

/**
 * What countries call things, from their tax adapters: the active
 * company's authority and its environments' labels (shared with every page
 * of a company), and any registered country's name with its authority's
 * (translations the adapters provide, for the platform console). Pages
 * never name a country themselves.
 */
export function useCountry() {
  const page = usePage()
  const { t } = useI18n()
  return {
    authorityName: () => page.props.tenant?.authority ?? '',
    environmentLabel: (code: string) => page.props.tenant?.environments[code] ?? code,
    /** "Ecuador (SRI)" for a country code. */
    countryWithAuthority: (code: string) =>
      t('tenancy.country_authority', {
        country: t(`tenancy.countries.${code}`),
        authority: t(`tenancy.authorities.${code}`),
      }),
  }
}
