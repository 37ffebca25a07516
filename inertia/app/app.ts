/// <reference path="../../adonisrc.ts" />
/// <reference path="../../config/inertia.ts" />

import '../css/app.css'
import { createSSRApp, h } from 'vue'
import type { DefineComponent } from 'vue'
import { createInertiaApp, router } from '@inertiajs/vue3'
import { resolvePageComponent } from '@adonisjs/inertia/helpers'

createInertiaApp({
  progress: { color: '#1d4ed8' },

  title: (title) => (title ? `${title} · Facturo` : 'Facturo'),

  resolve: (name) => {
    return resolvePageComponent(
      `../pages/${name}.vue`,
      import.meta.glob<DefineComponent>('../pages/**/*.vue')
    )
  },

  setup({ el, App, props, plugin }) {
    createSSRApp({ render: () => h(App, props) })
      .use(plugin)
      .mount(el)
  },
})

// Keep <html lang> in step with the language switch (screen readers use it).
function syncLang(locale: unknown) {
  if (typeof locale === 'string') document.documentElement.lang = locale
}
router.on('navigate', (event) => syncLang(event.detail.page.props.locale))
router.on('success', (event) => syncLang(event.detail.page.props.locale))

// Inertia's page-load bar is NProgress, whose markup carries role="bar", a
// role ARIA does not define (axe: aria-roles). The bar is inserted while a
// visit runs; give it the progressbar role and a name when it appears.
new MutationObserver(() => {
  const bar = document.querySelector('#nprogress [role="bar"]')
  if (!bar) return
  bar.setAttribute('role', 'progressbar')
  bar.setAttribute('aria-label', document.documentElement.lang === 'en' ? 'Loading' : 'Cargando')
}).observe(document.body, { childList: true })
