import { defineConfig } from 'vite'
import { getDirname } from '@adonisjs/core/helpers'
import inertia from '@adonisjs/inertia/client'
import vue from '@vitejs/plugin-vue'
import adonisjs from '@adonisjs/vite/client'

const testing = process.env.NODE_ENV === 'test'

export default defineConfig({
  plugins: [
    inertia({ ssr: { enabled: true, entrypoint: 'inertia/app/ssr.ts' } }),
    vue(),
    adonisjs({ entrypoints: ['inertia/app/app.ts'], reload: ['resources/views/**/*.edge'] }),
  ],
  // Tests run the Vite dev middleware with nothing a test does not need and
  // that could keep the test process alive or clash with `npm start` in the
  // same checkout: no hot reload and no websocket server (port 24678), no
  // file watcher, and their own pre-bundled dependencies (the dev server
  // rewrites node_modules/.vite while it runs). The dev server never watches
  // tmp/, where the local database and Redis write all the time.
  server: testing ? { hmr: false, ws: false, watch: null } : { watch: { ignored: ['**/tmp/**'] } },
  cacheDir: testing ? 'node_modules/.vite-test' : undefined,
  resolve: {
    alias: {
      '~/': `${getDirname(import.meta.url)}/inertia/`,
    },
  },
})
