/*
|--------------------------------------------------------------------------
| Dependency rules between modules
|--------------------------------------------------------------------------
|
| Reads every import of app/** and adapters/** (module_graph.ts) and
| checks the rules docs/architecture.md states:
|
| - no import circle between modules, of any kind: runtime, type-only and
|   dynamic imports all count (none is tolerated today, so the rule has no
|   exception to explain);
| - the lifecycle (documents) never imports the tax module: tax calls the
|   lifecycle and listens to its events;
| - documents' rows are written by the lifecycle module only, and
|   tax_submissions rows by the tax module only (the lifecycle folds the
|   tax module's SQL into its statements without naming the table);
| - adapters and the application meet only at the contract: a country
|   folder imports adapters/core alone, adapters/core no application
|   module, and the application no country folder.
|
| When a rule fails, the message names the modules and the import lines.
|
*/
import { test } from '@japa/runner'
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import app from '@adonisjs/core/services/app'
import { cyclesOf, moduleEdges, moduleOf, type ImportEdge } from './module_graph.js'

const root = app.makePath()

/** Parsing every file takes a few seconds: once for the whole group. */
let parsed: ImportEdge[] | undefined
const edgesOfTheCode = () => (parsed ??= moduleEdges(root))

function describeCycle(cycle: string[], edges: ImportEdge[]) {
  const inside = edges.filter((edge) => cycle.includes(edge.from) && cycle.includes(edge.to))
  const lines = inside.map(
    (edge) =>
      `  ${edge.from} → ${edge.to}: ${edge.file} imports ${edge.specifier}${edge.typeOnly ? ' (type)' : ''}`
  )
  return `circle between ${cycle.join(', ')}:\n${lines.join('\n')}`
}

const isAdapter = (module: string) => module.startsWith('adapters/')

/**
 * An import across the adapter seam other than through the contract: a
 * country folder importing anything but adapters/core, adapters/core
 * importing an application module or a country, or the application
 * importing a country folder.
 */
function crossesTheContract(edge: Pick<ImportEdge, 'from' | 'to'>) {
  if (isAdapter(edge.from)) return edge.from === 'adapters/core' || edge.to !== 'adapters/core'
  return isAdapter(edge.to) && edge.to !== 'adapters/core'
}

test.group('Module graph', () => {
  test('finds a circle and only a circle', ({ assert }) => {
    assert.deepEqual(
      cyclesOf([
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: 'a' },
        { from: 'c', to: 'd' },
      ]),
      [['a', 'b', 'c']]
    )
    assert.deepEqual(
      cyclesOf([
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'a', to: 'c' },
      ]),
      []
    )
    assert.equal(moduleOf('app/documents/actions/issue_document.ts'), 'documents')
    assert.equal(moduleOf('adapters/core/types.ts'), 'adapters/core')
    assert.isNull(moduleOf('start/routes.ts'))
  })

  test('reads the imports of the code (aliases, relative, type-only and dynamic)', ({ assert }) => {
    const edges = edgesOfTheCode()
    const has = (from: string, to: string, file: string) =>
      edges.some((edge) => edge.from === from && edge.to === to && edge.file === file)
    // Static alias import.
    assert.isTrue(has('tax', 'documents', 'app/tax/check_again.ts'))
    // Type-only import.
    assert.isTrue(
      edges.some(
        (edge) =>
          edge.file === 'app/tax/listeners/submit_issued_document.ts' &&
          edge.to === 'documents' &&
          edge.typeOnly
      )
    )
    // Application code reaches authorities through adapters/core.
    assert.isTrue(edges.some((edge) => edge.from === 'documents' && edge.to === 'adapters/core'))
  })

  test('no import circle between modules', ({ assert }) => {
    const edges = edgesOfTheCode()
    const cycles = cyclesOf(edges)
    assert.isTrue(
      cycles.length === 0,
      `Import circles between modules:\n${cycles.map((cycle) => describeCycle(cycle, edges)).join('\n')}`
    )
  })

  test('the lifecycle module never imports the tax module', ({ assert }) => {
    const wrong = edgesOfTheCode().filter((edge) => edge.from === 'documents' && edge.to === 'tax')
    assert.deepEqual(
      wrong.map((edge) => `${edge.file} imports ${edge.specifier}`),
      []
    )
  })

  test('adapters and the application meet only at the contract (adapters/core)', ({ assert }) => {
    // The rule itself, on known edges.
    assert.isFalse(crossesTheContract({ from: 'documents', to: 'adapters/core' }))
    assert.isFalse(crossesTheContract({ from: 'adapters/ecuador_sri', to: 'adapters/core' }))
    assert.isTrue(crossesTheContract({ from: 'documents', to: 'adapters/ecuador_sri' }))
    assert.isTrue(crossesTheContract({ from: 'adapters/ecuador_sri', to: 'certificates' }))
    assert.isTrue(crossesTheContract({ from: 'adapters/panama_hka', to: 'adapters/ecuador_sri' }))
    assert.isTrue(crossesTheContract({ from: 'adapters/core', to: 'tenancy' }))

    const wrong = edgesOfTheCode().filter(crossesTheContract)
    assert.deepEqual(
      wrong.map((edge) => `${edge.file} imports ${edge.specifier}`),
      []
    )
  })

  test('only the lifecycle module writes documents', ({ assert }) => {
    const writes =
      /update\s+"?documents"?\s+set|from\(\s*'documents'\s*\)[\s\S]{0,300}?\.(update|delete|insert)\(|Document\.query\([^)]*\)[\s\S]{0,200}?\.(update|delete)\(/
    assert.deepEqual(filesWriting(writes, 'documents'), [])
  })

  test('only the tax module writes tax_submissions', ({ assert }) => {
    const writes =
      /(insert\s+into|update|delete\s+from)\s+"?tax_submissions"?\b|from\(\s*'tax_submissions'\s*\)[\s\S]{0,300}?\.(update|delete|insert)\(|table\(\s*'tax_submissions'\s*\)|TaxSubmission\.(create|query\([^)]*\)[\s\S]{0,200}?\.(update|delete)\()/
    assert.deepEqual(filesWriting(writes, 'tax'), [])
    // The rule sees the module's own writes (it is not matching nothing).
    assert.isTrue(writes.test(readFileSync(join(root, 'app/tax/submissions.ts'), 'utf8')))
  })
})

/** Files of app/** outside `owner` whose source matches `writes`. */
function filesWriting(writes: RegExp, owner: string) {
  const offenders: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.ts')) {
        const file = relative(root, path)
        if (moduleOf(file) === owner) continue
        if (writes.test(readFileSync(path, 'utf8'))) offenders.push(file)
      }
    }
  }
  walk(join(root, 'app'))
  return offenders
}
