// Lists the exports of src/ that no other file uses (src, test, bench, scripts, bin), and exits 1 when there is any:
// an export nobody imports is dead code, or should not be exported. A syntactic scan of the import graph (the
// TypeScript parser, no type checker, so it takes a second or two):
// - a use is an import by name (type-only too), a re-export, `N.name` on a namespace import or on the module of an
//   `await import()`, or a name destructured from one; the scripts' and bin's `../dist/X.js` is src/X.ts (and see resolveSpecifier for the bundle's files);
// - a lazy loader `() => import(X)` uses X's default export (the action catalogue's convention); a module used any
//   other way (passed around whole) counts as using all its exports;
// - a command's default export is oclif's entry point, always used; a `// public: <reason>` comment on the line
//   above an export (or at the end of its line) keeps it on purpose.
//   node scripts/unused-exports.js
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(root, 'src')
const started = performance.now()
const ALL = '*'

function sourceFiles() {
  const inRoot = readdirSync(root).filter((f) => /\.(ts|js|mjs)$/.test(f))
  const inDirs = ['src', 'test', 'bench', 'scripts', 'bin'].flatMap((dir) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir), { recursive: true }).map((f) => join(dir, String(f)))
      : [],
  )
  return [...inRoot, ...inDirs]
    .filter((f) => /\.(ts|tsx|js|mjs|cjs)$/.test(f) && !f.endsWith('.d.ts') && !f.includes('node_modules'))
    .map((f) => join(root, f))
}

/** The src/ file a relative specifier names (../dist/X.js is src/X.ts), or undefined. */
function resolveSpecifier(from, specifier) {
  if (!specifier.startsWith('.')) return undefined
  let target = resolve(dirname(from), specifier)
  // The bundles' entries (scripts/bundle.js): cli.cjs is src/cli.ts, mcp.js src/mcp/main.ts, start.cjs src/startup/load-cli.ts.
  if (target === join(root, 'dist', 'bundle', 'cli.cjs')) target = join(src, 'cli.ts')
  if (target === join(root, 'dist', 'bundle', 'mcp.js')) target = join(src, 'mcp', 'main.ts')
  if (target === join(root, 'dist', 'bundle', 'start.cjs')) target = join(src, 'startup', 'load-cli.ts')
  if (target.startsWith(`${join(root, 'dist')}/`)) target = join(src, relative(join(root, 'dist'), target))
  if (!target.startsWith(`${src}/`)) return undefined
  for (const candidate of [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, join(target, 'index.ts')]) {
    if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate
  }
  return undefined
}

/** `// public: <reason>` above the statement, or at the end of its first line. */
function markedPublic(statement, sf) {
  const text = sf.text
  const ranges = [
    ...(ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? []),
    ...(ts.getTrailingCommentRanges(text, text.indexOf('\n', statement.getStart(sf))) ?? []),
  ]
  return ranges.some((r) => /^\/\/\s*public:\s*\S/.test(text.slice(r.pos, r.end)))
}

const hasModifier = (node, kind) => ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === kind)

function bindingNames(name) {
  if (ts.isIdentifier(name)) return [name.text]
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)))
}

/** The names a src file exports, each with its statement. */
function declaredExports(sf) {
  const out = []
  for (const st of sf.statements) {
    if (ts.isExportAssignment(st)) out.push({ name: 'default', st })
    else if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const e of st.exportClause.elements) out.push({ name: e.name.text, st })
    } else if (ts.isExportDeclaration(st) && st.exportClause) out.push({ name: st.exportClause.name.text, st })
    else if (hasModifier(st, ts.SyntaxKind.ExportKeyword)) {
      if (hasModifier(st, ts.SyntaxKind.DefaultKeyword)) out.push({ name: 'default', st })
      else if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) for (const n of bindingNames(d.name)) out.push({ name: n, st })
      } else if (st.name) out.push({ name: st.name.text, st })
    }
  }
  return out
}

/** The names a file uses from a module it names by a namespace identifier (`N.name`; N alone uses them all). */
function namespaceUses(sf, ns, declaration) {
  const names = new Set()
  const visit = (node) => {
    if (ts.isIdentifier(node) && node.text === ns && node !== declaration) {
      const p = node.parent
      if (ts.isPropertyAccessExpression(p) && p.expression === node) names.add(p.name.text)
      else if (ts.isQualifiedName(p) && p.left === node) names.add(p.right.text)
      else names.add(ALL)
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return names
}

/** What a dynamic `import(X)` uses of X, from where its result goes. */
function dynamicUses(sf, call) {
  let node = call
  let p = call.parent
  while (ts.isParenthesizedExpression(p) || ts.isAwaitExpression(p)) [node, p] = [p, p.parent]
  if (ts.isArrowFunction(p) && p.body === node) return ['default']
  if (ts.isPropertyAccessExpression(p) && p.expression === node) return [p.name.text]
  if (ts.isVariableDeclaration(p) && ts.isObjectBindingPattern(p.name)) {
    return p.name.elements.map((e) => (e.propertyName ?? e.name).getText(sf))
  }
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return [...namespaceUses(sf, p.name.text, p.name)]
  return [ALL]
}

/** Every (src file, name) this file uses from other files. */
function usesIn(sf) {
  const uses = []
  const use = (specifier, names) => {
    const target = resolveSpecifier(sf.fileName, specifier)
    if (target && target !== sf.fileName) for (const name of names) uses.push([target, name])
  }
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const names = clause?.name ? ['default'] : []
      const bindings = clause?.namedBindings
      if (bindings && ts.isNamedImports(bindings))
        names.push(...bindings.elements.map((e) => (e.propertyName ?? e.name).text))
      if (bindings && ts.isNamespaceImport(bindings))
        names.push(...namespaceUses(sf, bindings.name.text, bindings.name))
      use(node.moduleSpecifier.text, names)
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause
      use(
        node.moduleSpecifier.text,
        clause && ts.isNamedExports(clause) ? clause.elements.map((e) => (e.propertyName ?? e.name).text) : [ALL],
      )
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments
      if (arg && ts.isStringLiteralLike(arg)) use(arg.text, dynamicUses(sf, node))
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal
      const qualifier = node.qualifier && (ts.isIdentifier(node.qualifier) ? node.qualifier : node.qualifier.left)
      if (ts.isStringLiteral(literal)) use(literal.text, [qualifier ? qualifier.getText(sf) : ALL])
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return uses
}

const parsed = sourceFiles().map((file) =>
  ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true),
)
const used = new Map()
for (const sf of parsed) {
  for (const [file, name] of usesIn(sf)) {
    if (!used.has(file)) used.set(file, new Set())
    used.get(file).add(name)
  }
}
let total = 0
const unused = []
for (const sf of parsed.filter((f) => f.fileName.startsWith(`${src}/`))) {
  const isCommand = sf.fileName.startsWith(join(src, 'commands/'))
  const names = used.get(sf.fileName) ?? new Set()
  for (const { name, st } of declaredExports(sf)) {
    total++
    if ((isCommand && name === 'default') || names.has(name) || names.has(ALL) || markedPublic(st, sf)) continue
    const line = sf.getLineAndCharacterOfPosition(st.getStart(sf)).line + 1
    unused.push(`${relative(root, sf.fileName)}:${line}: ${name} is exported but used by no other file`)
  }
}
for (const line of unused) process.stdout.write(`${line}\n`)
const ms = Math.round(performance.now() - started)
process.stderr.write(`unused-exports: ${unused.length} of ${total} exports unused (${parsed.length} files, ${ms} ms)\n`)
process.exitCode = unused.length ? 1 : 0
