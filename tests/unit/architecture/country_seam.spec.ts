/*
 * The country seam, enforced: nothing in app/ or inertia/ names a country
 * code or a tax authority outside comments. Everything that differs per
 * country comes from the tenant's adapter (`tax.use(country)`), so adding a
 * country never means editing application code. Translations live in
 * resources/lang and are not checked.
 *
 * Strings are found with the TypeScript parser (so comments are skipped
 * exactly), and Vue templates with their HTML comments removed. ESLint's
 * `no-restricted-syntax` block in eslint.config.js says the same for
 * scripts while editing; this test also covers templates.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { test } from '@japa/runner'
import ts from 'typescript'

const ROOT = new URL('../../../', import.meta.url).pathname
/**
 * A string that is a country code, that quotes one (SQL's `country = 'EC'`),
 * or that names an authority.
 */
const COUNTRY_LOGIC = /^\s*(EC|PA)\s*$|'(EC|PA)'|SRI|HKA/
/** An object key that is a country code. */
const COUNTRY_KEY = /^(EC|PA)$/

/**
 * Occurrences that stay, each with the reason. Keyed `path: text`.
 * Empty today: every country rule moved to its adapter.
 */
const ALLOWED: Record<string, string> = {}

interface Finding {
  file: string
  line: number
  text: string
}

/**
 * String literals and template parts of a script that name a country or an
 * authority, and object keys that are a country code (`{ EC: … }`, a table
 * per country).
 */
export function scriptFindings(file: string, source: string, firstLine = 1): Finding[] {
  const findings: Finding[] = []
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true)
  const visit = (node: ts.Node) => {
    const isString =
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    const isCountryKey =
      (ts.isPropertyAssignment(node) || ts.isPropertySignature(node)) &&
      ts.isIdentifier(node.name) &&
      COUNTRY_KEY.test(node.name.text)
    if ((isString && COUNTRY_LOGIC.test(node.text)) || isCountryKey) {
      const text = isCountryKey
        ? (node.name as ts.Identifier).text
        : (node as ts.StringLiteral).text
      const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile))
      findings.push({ file, line: line + firstLine, text })
    }
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  return findings
}

/** A Vue file: its scripts through the scanner, its template without HTML comments. */
export function vueFindings(file: string, source: string): Finding[] {
  const findings: Finding[] = []
  const scriptPattern = /<script\b[^>]*>([\s\S]*?)<\/script>/g
  for (const match of source.matchAll(scriptPattern)) {
    const start = match.index! + match[0].indexOf(match[1])
    const firstLine = source.slice(0, start).split('\n').length
    findings.push(...scriptFindings(file, match[1], firstLine))
  }
  const template = source.replace(scriptPattern, (block) => block.replace(/[^\n]/g, ' '))
  const withoutComments = template.replace(/<!--[\s\S]*?-->/g, (block) =>
    block.replace(/[^\n]/g, ' ')
  )
  withoutComments.split('\n').forEach((text, index) => {
    if (/['"`](EC|PA)['"`]|SRI|HKA/.test(text)) {
      findings.push({ file, line: index + 1, text: text.trim() })
    }
  })
  return findings
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return filesUnder(path)
    return /\.(ts|vue)$/.test(entry.name) ? [path] : []
  })
}

function findingsIn(dirs: string[]): Finding[] {
  return dirs
    .flatMap((dir) => filesUnder(join(ROOT, dir)))
    .flatMap((path) => {
      const file = relative(ROOT, path)
      const source = readFileSync(path, 'utf8')
      return file.endsWith('.vue') ? vueFindings(file, source) : scriptFindings(file, source)
    })
}

test.group('Country seam | no country logic in app/ and inertia/', () => {
  test('no string names a country code or an authority, except the allowed ones', ({ assert }) => {
    const found = findingsIn(['app', 'inertia'])
      .filter((finding) => !(`${finding.file}: ${finding.text}` in ALLOWED))
      .map((finding) => `${finding.file}:${finding.line} ${finding.text}`)
    assert.deepEqual(found, [])
  })

  test('every allowed occurrence still exists (the list does not rot)', ({ assert }) => {
    const present = new Set(
      findingsIn(['app', 'inertia']).map((finding) => `${finding.file}: ${finding.text}`)
    )
    assert.deepEqual(
      Object.keys(ALLOWED).filter((key) => !present.has(key)),
      []
    )
  })

  test('the checker finds codes and authority names in strings, templates and markup', ({
    assert,
  }) => {
    const script = [
      "// SRI and 'EC' in a comment are fine",
      "const country = 'EC'",
      'const label = `Enviado al SRI ${country}`',
      'const ok = `${country} is fine`',
      '/* \'PA\' */ const pa = "PA"',
      "const sql = `select * from tenants where country = 'EC'`",
      'const iso = "es-EC"',
      "const zones = { EC: 'America/Guayaquil', ec: 1 }",
    ].join('\n')
    assert.deepEqual(
      scriptFindings('x.ts', script).map((finding) => [finding.line, finding.text]),
      [
        [2, 'EC'],
        [3, 'Enviado al SRI '],
        [5, 'PA'],
        [6, "select * from tenants where country = 'EC'"],
        [8, 'EC'],
      ]
    )

    const vue = [
      '<script setup lang="ts">',
      "const isPanama = form.country === 'PA'",
      '</script>',
      '<template>',
      '  <!-- HKA signs for Panama -->',
      '  <p v-if="tenant.country === \'EC\'">SRI</p>',
      '</template>',
    ].join('\n')
    assert.deepEqual(
      vueFindings('x.vue', vue).map((finding) => finding.line),
      [2, 6]
    )
  })
})
