import type { SharedProps } from '@adonisjs/inertia/types'

/**
 * What every page receives besides its own props: the shared data of
 * config/inertia.ts (locale and messages, flash, user, company, access,
 * navigation, banners), typed from the server's own declaration. Registered
 * with Inertia so that `usePage().props` carries these types everywhere;
 * nothing here reaches the browser bundle (types only).
 */
export type { SharedProps }

declare module '@inertiajs/core' {
  export interface InertiaConfig {
    sharedPageProps: SharedProps
  }
}
