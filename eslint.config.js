import { configApp } from '@adonisjs/eslint-config'
import pluginVue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'

/**
 * AdonisJS rules for the server code, the Vue recommended rules for pages,
 * and the layering rules from HOUSE_STYLE: application code never imports a
 * country adapter, and a country adapter imports only adapters/core and
 * itself.
 */
export default configApp(
  {
    ignores: ['build/**', 'tmp/**', 'public/assets/**', 'node_modules/**'],
  },
  ...pluginVue.configs['flat/recommended'].map((config) => ({
    ...config,
    files: ['inertia/**/*.vue'],
  })),
  {
    files: ['inertia/**/*.vue'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.vue'],
        sourceType: 'module',
      },
    },
    rules: {
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['app/**/*.ts', 'start/**/*.ts', 'config/**/*.ts', 'database/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['#adapters/ecuador_*', '#adapters/panama_*', '#adapters/*_*/**'],
              message: 'Application code talks to tax authorities only through #adapters/core.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '#core/*',
                '#tenancy/*',
                '#accounts/*',
                '#catalog/*',
                '#documents/*',
                '#certificates/*',
              ],
              message: 'Adapters import only adapters/core and their own folder.',
            },
            {
              group: [
                '#billing/*',
                '#admin/*',
                '#tax/*',
                '#site/*',
                '#reports/*',
                '#database/*',
                '@adonisjs/lucid/*',
              ],
              message: 'Adapters never touch the application or the database.',
            },
          ],
        },
      ],
    },
  },
  {
    // Pages and components run in the browser: server modules reach them as
    // types only (erased from the bundle), except the pure totals module the
    // invoice form shares with the server. No relative path into app/ either.
    files: ['inertia/**/*.ts', 'inertia/**/*.vue'],
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^#(?!documents/totals$)',
              allowTypeImports: true,
              message: 'Pages import server code with `import type` only.',
            },
            {
              group: ['**/app/*', '!~/app/*'],
              message: 'Reach server modules through their #alias, not a relative path.',
            },
          ],
        },
      ],
    },
  },
  {
    // The country seam: application code gets everything that differs per
    // country from the tenant's adapter. A country code or an authority's
    // name in a string means country logic crept in (comments are fine).
    // tests/unit/architecture/country_seam.spec.ts also checks templates.
    files: ['app/**/*.ts', 'inertia/**/*.ts', 'inertia/**/*.vue'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          // A code on its own ('EC'), or quoted inside a longer string (SQL's country = 'EC').
          selector:
            "Literal[value=/^(EC|PA)$|'(EC|PA)'/], TemplateElement[value.raw=/^(EC|PA)$|'(EC|PA)'/]",
          message:
            'No country codes in application code: ask the adapter (tax.use(country)) instead.',
        },
        {
          // A table per country ({ EC: …, PA: … }).
          selector: 'Property > Identifier.key[name=/^(EC|PA)$/]',
          message: 'No per-country tables in application code: the value belongs to each adapter.',
        },
        {
          selector: 'Literal[value=/SRI|HKA/], TemplateElement[value.raw=/SRI|HKA/]',
          message: "No authority names in application code: they belong to the country's adapter.",
        },
      ],
    },
  }
)
