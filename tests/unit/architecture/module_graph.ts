/*
|--------------------------------------------------------------------------
| The module graph of app/** and adapters/**
|--------------------------------------------------------------------------
|
| A module is the first folder under app/ (`#documents/*` → documents) or
| under adapters/ (`#adapters/core/*` → adapters/core). Every import of
| every TypeScript file is read with the TypeScript parser (static
| imports, re-exports and `import()` alike, type-only ones included) and
| turned into an edge between modules. Imports of anything outside these
| two folders (packages, start/, config/, database/) are not edges.
|
*/
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'

export interface ImportEdge {
  from: string
  to: string
  file: string
  specifier: string
  typeOnly: boolean
}

function filesUnder(root: string, folder: string): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path)
    }
  }
  walk(join(root, folder))
  return out
}

/** `app/documents/x.ts` → `documents`; `adapters/core/x.ts` → `adapters/core`. */
export function moduleOf(relativePath: string): string | null {
  const parts = relativePath.split(sep).join('/').split('/')
  if (parts[0] === 'app' && parts.length > 2) return parts[1]
  if (parts[0] === 'adapters' && parts.length > 2) return `adapters/${parts[1]}`
  return null
}

/** The specifiers a file imports, with whether the import is for types only. */
function importsOf(source: string, fileName: string) {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false)
  const found: { specifier: string; typeOnly: boolean }[] = []
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)))
      found.push({ specifier: node.moduleSpecifier.text, typeOnly })
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly })
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false })
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true })
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

/** Reads the package.json `imports` map: `#documents/*` → `./app/documents/*.js`. */
function aliasesOf(root: string): [prefix: string, target: string][] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  return Object.entries(pkg.imports as Record<string, string>).map(([key, value]) => [
    key.replace(/\*$/, ''),
    value.replace(/\*.*$/, ''),
  ])
}

/** The path (relative to the root) an import points at, or null for packages. */
function targetOf(root: string, file: string, specifier: string, aliases: [string, string][]) {
  if (specifier.startsWith('.')) return relative(root, resolve(dirname(file), specifier))
  for (const [prefix, target] of aliases) {
    if (specifier.startsWith(prefix)) {
      return relative(root, resolve(root, target, specifier.slice(prefix.length)))
    }
  }
  return null
}

/** Every import between two different modules. */
export function moduleEdges(root: string): ImportEdge[] {
  const aliases = aliasesOf(root)
  const edges: ImportEdge[] = []
  for (const file of [...filesUnder(root, 'app'), ...filesUnder(root, 'adapters')]) {
    const from = moduleOf(relative(root, file))
    if (!from) continue
    for (const { specifier, typeOnly } of importsOf(readFileSync(file, 'utf8'), file)) {
      const target = targetOf(root, file, specifier, aliases)
      const to = target ? moduleOf(target) : null
      if (!to || to === from) continue
      edges.push({ from, to, file: relative(root, file), specifier, typeOnly })
    }
  }
  return edges
}

/**
 * The strongly connected components with more than one module (Tarjan):
 * each is a set of modules that reach each other, i.e. an import circle.
 */
export function cyclesOf(edges: Pick<ImportEdge, 'from' | 'to'>[]): string[][] {
  const graph = new Map<string, Set<string>>()
  for (const { from, to } of edges) {
    if (!graph.has(from)) graph.set(from, new Set())
    if (!graph.has(to)) graph.set(to, new Set())
    graph.get(from)!.add(to)
  }
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const components: string[][] = []
  const connect = (node: string) => {
    index.set(node, counter)
    low.set(node, counter)
    counter += 1
    stack.push(node)
    onStack.add(node)
    for (const next of graph.get(node)!) {
      if (!index.has(next)) {
        connect(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!))
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = []
      let member: string
      do {
        member = stack.pop()!
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      if (component.length > 1) components.push(component.sort())
    }
  }
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) connect(node)
  return components
}
