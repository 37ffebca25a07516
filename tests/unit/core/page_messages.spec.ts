/*
 * Each page receives only the `ui` translations of its layout and module
 * (#core/page_messages). This reads every page with the components and
 * composables it imports and checks that every key it formats is sent to
 * it, so a page never shows a bare key because its namespace was left out.
 */
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { PAGE_MESSAGES, keyMatches, messagePrefixesFor } from '#core/page_messages'

const INERTIA = app.makePath('inertia')
const PAGES = join(INERTIA, 'pages')

function resolveImport(from: string, specifier: string): string | null {
  let base: string
  if (specifier.startsWith('~/')) base = join(INERTIA, specifier.slice(2))
  else if (specifier.startsWith('.')) base = resolve(dirname(from), specifier)
  else return null
  for (const candidate of [base, `${base}.ts`, `${base}.vue`, base.replace(/\.js$/, '.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  }
  return null
}

/** Keys a file and what it imports format: 'a.b' literal, 'a.b.' + '*' for `a.b.${x}`. */
function keysOf(file: string, seen = new Set<string>()): Set<string> {
  const keys = new Set<string>()
  if (seen.has(file)) return keys
  seen.add(file)
  const source = readFileSync(file, 'utf8')
  for (const match of source.matchAll(/\bt\(\s*'([^']+)'/g)) keys.add(match[1])
  for (const match of source.matchAll(/\bt\(\s*`([^`$]+)`/g)) keys.add(match[1])
  for (const match of source.matchAll(/\bt\(\s*`([^`$]*)\$\{/g)) keys.add(`${match[1]}*`)
  // Keys kept in tables (the invoice form's FIELD_LABELS and lineProblems).
  for (const match of source.matchAll(/'(invoicing\.[a-z_]+\.[\w.]+)'/g)) {
    keys.add(match[1])
  }
  for (const match of source.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    const target = resolveImport(file, match[1])
    if (target) for (const key of keysOf(target, seen)) keys.add(key)
  }
  return keys
}

function pageFiles(folder = PAGES): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) return pageFiles(path)
    return path.endsWith('.vue') ? [path] : []
  })
}

/** A dynamic key `prefix*` is covered when the prefix lies inside, or contains, a sent namespace. */
function covered(key: string, prefixes: string[]) {
  if (!key.endsWith('*')) return keyMatches(key, prefixes)
  const stem = key.slice(0, -1)
  return prefixes.some((prefix) => stem.startsWith(`${prefix}.`) || prefix.startsWith(stem))
}

function flatten(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([key, inner]) =>
    flatten(inner, prefix ? `${prefix}.${key}` : key)
  )
}

function uiKeys(locale: string): Set<string> {
  const folder = app.languageFilesPath(locale, 'ui')
  const keys = flatten(JSON.parse(readFileSync(app.languageFilesPath(locale, 'ui.json'), 'utf8')))
  for (const file of readdirSync(folder)) {
    const namespace = file.replace(/\.json$/, '')
    const content = JSON.parse(readFileSync(join(folder, file), 'utf8'))
    keys.push(...flatten(content).map((key) => `${namespace}.${key}`))
  }
  return new Set(keys)
}

test.group('Page messages', () => {
  test('every key a page formats is sent to that page', ({ assert }) => {
    const missing: string[] = []
    for (const file of pageFiles()) {
      const component = relative(PAGES, file).replace(/\.vue$/, '')
      const prefixes = messagePrefixesFor(component)
      assert.isNotNull(prefixes, `${component} is not listed in PAGE_MESSAGES`)
      for (const key of keysOf(file)) {
        // `${module}.notices.${kind}` (the bell): the notices of every module are in the shell.
        if (key === '*') continue
        if (!covered(key, prefixes!)) missing.push(`${component}: ${key}`)
      }
    }
    assert.deepEqual(missing, [])
  })

  test('the invoice pages’ literal keys exist in Spanish and English', ({ assert }) => {
    for (const locale of ['es', 'en']) {
      const known = uiKeys(locale)
      const missing = pageFiles(join(PAGES, 'invoicing')).flatMap((file) =>
        [...keysOf(file)].filter((key) => !key.endsWith('*') && !known.has(key))
      )
      assert.deepEqual([...new Set(missing)], [], locale)
    }
  })

  test('each listed folder exists', ({ assert }) => {
    for (const component of Object.keys(PAGE_MESSAGES)) {
      assert.isTrue(
        existsSync(join(PAGES, component)) || existsSync(join(PAGES, `${component}.vue`)),
        component
      )
    }
  })
})
