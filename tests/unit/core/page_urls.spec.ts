import { test } from '@japa/runner'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import app from '@adonisjs/core/services/app'
import { routeTable } from '../../../inertia/app/route_table.js'

/**
 * Pages link through route() and the server's named routes
 * (inertia/app/route.ts), never through a hard-coded path: a path typed
 * into a page silently breaks when its route moves.
 *
 * A string literal in inertia/ that starts with the first segment of a
 * route ('/app/…', "/login", `/invitations/${…}`) fails this test. The
 * allow-list names the few places a literal path is meant, and why.
 */
const ALLOWED: Record<string, string> = {
  // The generated table itself.
  'inertia/app/route_table.ts': 'the route table',
}

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true })
  return entries
    .filter((entry) => entry.isFile() && /\.(vue|ts)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
}

function literalPathPattern() {
  const segments = new Set<string>()
  for (const pattern of Object.values(routeTable) as string[]) {
    const first = pattern.split('/')[1]
    if (first && !first.startsWith(':')) segments.add(first.replace(/[-]/g, '\\-'))
  }
  return new RegExp(`(['"\`])/(${[...segments].join('|')})(?=[/?#'"\`$])`)
}

test.group('Page URLs', () => {
  test('no page or component hard-codes an application path', async ({ assert }) => {
    const pattern = literalPathPattern()
    const found: string[] = []
    for (const file of await sourceFiles(app.makePath('inertia'))) {
      const name = relative(app.makePath(), file)
      if (ALLOWED[name]) continue
      const source = await readFile(file, 'utf8')
      const lines = source.split('\n')
      lines.forEach((line, index) => {
        if (pattern.test(line)) found.push(`${name}:${index + 1}: ${line.trim()}`)
      })
    }
    assert.deepEqual(found, [], 'use route() from ~/app/route instead')
  })

  test('the check recognises the paths it forbids', ({ assert }) => {
    const pattern = literalPathPattern()
    assert.isTrue(pattern.test(`<Link href="/app/customers">`))
    assert.isTrue(pattern.test('router.post(`/app/documents/${id}/issue`)'))
    assert.isTrue(pattern.test("form.post('/login')"))
    assert.isTrue(pattern.test("router.get('/admin/tenants?q=1')"))
    assert.isFalse(pattern.test("import Foo from '~/app/route'"))
    assert.isFalse(pattern.test("route('app.customers.index')"))
  })
})
