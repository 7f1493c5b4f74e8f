// Bundles the CLI with esbuild into one CommonJS file, dist/bundle/cli.cjs: every command and the pipeline
// (src/cli.ts, plus COMMANDS: the map oclif's `explicit` command discovery reads, see entry() below). Start-up then reads one file
// instead of some 300, compiled with a code cache (src/startup/load-cli.ts, bundled as start.js).
// Run by `npm run build` after tsc (whose dist/ the other build scripts and some tests use).
// - The heavy SDKs stay external: they load from node_modules with `await import()` as before, so the start-up guard
//   (test/startup-guard.test.ts) still sees every one of them being resolved. So do the modules src/ loads with a
//   createRequire()'d require (yaml, ajv, picocolors, …): esbuild leaves those calls alone. Three have a file of
//   their own beside cli.js, loaded where src/ loads them: yaml.cjs, mcp-sdk.js (the MCP SDK and zod) and
//   k8s-client.js (what src/ uses of @kubernetes/client-node, but node-fetch: see nodeFetchBesideClient).
// - Each src/ file's import.meta.url is rewritten to the URL its tsc output has (dist/<same path>.js), so its paths
//   to schemas/, playbooks/, data/, dist/*.json and package.json resolve as they do unbundled.
// - Source maps (without the sources) let `--verbose` stack traces name src/ lines (bin/run.cjs turns them on).

import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules, createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = new URL('..', import.meta.url).pathname
const outdir = join(root, 'dist', 'bundle')

/** Packages that are never bundled: the heavy SDKs (loaded lazily) and what src/ loads with its own require. */
export const external = [
  '@aws-sdk/*',
  '@smithy/*',
  '@kubernetes/client-node',
  'openai',
  '@anthropic-ai/sdk',
  '@modelcontextprotocol/sdk',
  '@nats-io/*',
  '@inquirer/prompts',
  'yaml',
  // oclif reads a tsconfig only in development (NODE_ENV=development|test), with the typescript it finds there.
  'typescript',
]

/** oclif's command ids from the file layout, as its `pattern` discovery names them: audit/verify.ts → audit:verify. */
export function commandFiles() {
  const dir = join(root, 'src', 'commands')
  return (
    readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'))
      // oclif's order (so the manifest's): the files of a directory before its subdirectories, each by name.
      .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))
      .map((f) => ({
        id: f
          .replace(/\.ts$/, '')
          .replace(/\/index$/, '')
          .replaceAll('/', ':'),
        file: join(dir, f),
      }))
  )
}

/**
 * The entry: src/cli.ts, and COMMANDS, each command as a stand-in whose run() imports the real class (a lazy
 * initialiser inside the bundle) and runs it. So only the command asked for is evaluated, as when oclif imported its
 * file; oclif needs no more of it (flags, help and ids come from oclif.manifest.json, which scripts/manifest.js
 * writes from the real classes).
 */
function entry() {
  const commands = commandFiles()
  return [
    "export * from './src/cli.ts'",
    'const lazy = (load) => ({',
    '  async run(argv, config) {',
    '    const { default: command } = await load()',
    '    // What oclif set on the stand-in when it found it, the class gets before it runs.',
    '    command.id = this.id',
    '    command.plugin = this.plugin',
    '    return command.run(argv, config)',
    '  },',
    '})',
    'export const COMMANDS = {',
    ...commands.map(
      (c) => `  ${JSON.stringify(c.id)}: lazy(() => import(${JSON.stringify(`./${relative(root, c.file)}`)})),`,
    ),
    '}',
  ].join('\n')
}

const importMetaUrl = {
  name: 'import-meta-url-as-in-dist',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/, namespace: 'file' }, (args) => {
      const text = readFileSync(args.path, 'utf8')
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' }
      const asBuilt = join(root, 'dist', relative(join(root, 'src'), args.path)).replace(/\.ts$/, '.js')
      const url = `new URL(${JSON.stringify(relative(outdir, asBuilt))}, import.meta.url).href`
      // Its require('yaml') (a createRequire() from that URL) gets the one-file yaml beside the bundle.
      const yaml = JSON.stringify(relative(dirname(asBuilt), join(outdir, 'yaml.cjs')))
      return {
        contents: text.replaceAll('import.meta.url', url).replaceAll("require('yaml')", `require(${yaml})`),
        loader: 'ts',
      }
    })
  },
}

// yaml is loaded only when YAML is read or written (the start-up guard checks it), but three files import its
// functions statically, which a bundle would hoist to its top. In the bundle they get wrappers that require() the
// one-file yaml at their first call; a static import of anything but a function (a class) fails the build.
const lazyYaml = {
  name: 'lazy-yaml-functions',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, (args) =>
      args.kind === 'import-statement' && args.importer.includes('/src/')
        ? { path: 'yaml', namespace: 'lazy-yaml' }
        : undefined,
    )
    b.onLoad({ filter: /.*/, namespace: 'lazy-yaml' }, async () => {
      const yaml = await import('yaml')
      const functions = Object.keys(yaml).filter(
        (n) =>
          n !== 'default' &&
          typeof yaml[n] === 'function' &&
          !/^class\b/.test(Function.prototype.toString.call(yaml[n])),
      )
      const wrappers = functions.map(
        (n) => `export function ${n}(...a) { return (yaml ??= load('./yaml.cjs')).${n}(...a) }`,
      )
      const head = "import { createRequire } from 'node:module'\nconst load = createRequire(import.meta.url)\nlet yaml"
      return { contents: `${head}\n${wrappers.join('\n')}`, loader: 'js' }
    })
  },
}

// A built-in imported as an ES module gets a facade that reads every one of its exports, and some are getters that
// load more of Node: WebSocket on node:http (undici, ~30 ms on Node 22+), webcrypto on node:crypto, and so on. Our code
// needs a few plain functions and classes, and require() builds no facade: each ES import of a built-in becomes a
// require() and the names that file imports (read from its text), so no other export is read, deprecated ones
// included. A namespace import (`* as`), whose names cannot be known, keeps Node's own facade.
const cjsBuiltins = {
  name: 'builtins-without-esm-facade',
  setup(b) {
    // Only the ES imports: the require() inside the module made here must reach Node's own.
    // node:fs, and the bare `fs` of some packages.
    const bare = builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/[/]/g, '\\/'))
    b.onResolve({ filter: new RegExp(`^(node:.*|(${bare.join('|')}))$`) }, (args) => {
      if (args.kind !== 'import-statement' || !args.importer.startsWith('/')) return undefined
      const names = importedNames(readFileSync(args.importer, 'utf8'), args.path)
      const builtin = args.path.startsWith('node:') ? args.path : `node:${args.path}`
      return names ? { path: `${builtin}?${names.join(',')}`, namespace: 'cjs-builtin' } : undefined
    })
    b.onLoad({ filter: /.*/, namespace: 'cjs-builtin' }, (args) => {
      const [builtin, list] = args.path.split('?')
      const lines = [`const m = require(${JSON.stringify(builtin)})`]
      for (const name of list.split(',').filter(Boolean)) {
        lines.push(name === 'default' ? 'export default m' : `export const ${name} = m.${name}`)
      }
      return { contents: lines.join('\n'), loader: 'js' }
    })
  },
}

/** What a file's `import … from '<specifier>'` statements bind: `default` and the named imports; undefined for `* as`. */
export function importedNames(text, specifier) {
  const quoted = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  const statements = text.matchAll(new RegExp(`\\bimport\\s+([^;'"]*?)\\s*from\\s*['"]${quoted}['"]`, 'g'))
  const names = new Set()
  for (const [, clause] of statements) {
    if (/^type\s/.test(clause)) continue
    if (clause.includes('*')) return undefined
    const braces = /\{([^}]*)\}/.exec(clause)
    if (/^[A-Za-z_$][\w$]*/.test(clause)) names.add('default')
    for (const part of braces ? braces[1].split(',') : []) {
      const item = part.trim()
      if (item && !item.startsWith('type ')) names.add(item.split(/\s+as\s+/)[0].trim())
    }
  }
  return [...names].sort()
}

/**
 * A plugin that turns each import() of a package matching `filter` into an import() of ./<name>.js beside cli.js,
 * and the entry points seen, from which a later build makes that one file.
 */
function besideFile(name, filter) {
  const entries = new Set()
  const plugin = {
    name: `${name}-in-its-own-file`,
    setup(b) {
      b.onResolve({ filter }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined
        entries.add(args.path)
        return { path: `./${name}.js`, external: true }
      })
    },
  }
  return { entries, plugin }
}

// The MCP SDK's entry points src/ imports, found while cli.js is built: each import() of one becomes an import() of
// dist/bundle/mcp-sdk.js, which the second build below makes of them (with zod): one file instead of ~170.
const { entries: mcpSdkEntries, plugin: mcpSdkBeside } = besideFile('mcp-sdk', /^@modelcontextprotocol\/sdk\//)

// @kubernetes/client-node: each import() of it becomes an import() of dist/bundle/k8s-client.js, which the build below
// makes of the names src/clients/k8s.ts lists (kubeClientExports, which its types hold it to): ~6 MB of ~970 files.
const kubeClientBeside = {
  name: 'k8s-client-in-one-file',
  setup(b) {
    b.onResolve({ filter: /^@kubernetes\/client-node$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: './k8s-client.js', external: true } : undefined,
    )
  },
}

// node-fetch (which the Kubernetes client sends its requests with) calls url.parse() and, through whatwg-url and
// tr46, requires the punycode built-in: both deprecated, and Node warns on stderr about such calls only from code
// outside node_modules, so bundled they would print at a user's first request. It stays where the client's
// package resolves it, loaded from there with the client's own require.
const nodeFetchBesideClient = {
  name: 'node-fetch-from-node_modules',
  setup(b) {
    b.onResolve({ filter: /^node-fetch$/ }, () => ({ path: 'node-fetch', namespace: 'client-node-fetch' }))
    b.onLoad({ filter: /.*/, namespace: 'client-node-fetch' }, () => ({
      contents: `module.exports = require('node:module').createRequire(require.resolve('@kubernetes/client-node'))('node-fetch')`,
      loader: 'js',
    }))
  },
}

// oclif: each import() of one of its entry points (src/ makes them only for what oclif must answer: help, the plugins,
// an unknown word, a command line parseArgv leaves to oclif's parser) becomes an import() of dist/bundle/oclif.js,
// which the build below makes of them. A command run directly reads cli.js without oclif's ~600 KB in it.
const { entries: oclifEntries, plugin: oclifBeside } = besideFile('oclif', /^@oclif\/core\//)

// proper-lockfile locks with graceful-fs, which at load requires assert and the streams and patches all of fs against
// running out of file descriptors (~4 ms on Node 24), for a lock that is a mkdir, a stat and an rmdir. In the bundle it
// gets Node's own fs (src/audit/writer.ts passes the functions it uses, when it waits for a lock another holds).
const lockfileWithNodeFs = {
  name: 'proper-lockfile-with-node-fs',
  setup(b) {
    b.onResolve({ filter: /^graceful-fs$/ }, (args) =>
      args.importer.includes('/node_modules/proper-lockfile/') ? { path: 'node-fs', namespace: 'node-fs' } : undefined,
    )
    b.onLoad({ filter: /.*/, namespace: 'node-fs' }, () => ({
      contents: "module.exports = require('node:fs')",
      loader: 'js',
    }))
  },
}

// For mcp.js: src/mcp/main.ts's import() of src/cli.ts is of the cli.cjs built beside it, never a second copy.
const cliBeside = {
  name: 'cli-beside',
  setup(b) {
    b.onResolve({ filter: /\/cli\.js$/ }, (args) =>
      args.kind === 'dynamic-import' && args.importer.endsWith('/src/mcp/main.ts')
        ? { path: './cli.cjs', external: true }
        : undefined,
    )
  },
}

// The SDK's Server makes an ajv validator unless given one (src/mcp/server.ts gives it ours), and ajv's compiler
// costs ~30 ms to load: in mcp-sdk.js its default is a class that says so if it is ever made.
const noDefaultAjv = {
  name: 'mcp-sdk-without-ajv',
  setup(b) {
    b.onResolve({ filter: /\/validation\/ajv-provider\.js$/ }, (args) => ({ path: args.path, namespace: 'no-ajv' }))
    b.onLoad({ filter: /.*/, namespace: 'no-ajv' }, () => ({
      contents: `export class AjvJsonSchemaValidator {
  constructor() { throw new Error('cloudops gives the MCP server its own JSON Schema validator (src/mcp/server.ts)') }
}`,
      loader: 'js',
    }))
  },
}

// oclif is CommonJS, and cjsBuiltins makes require()s: in an ES module they need a real require.
const banner = {
  js: "import { createRequire as __cloudopsRequire } from 'node:module'; const require = __cloudopsRequire(import.meta.url);",
}

// cli.cjs is CommonJS, which V8 can compile as a script and give the code cache made after a run
// (src/startup/load-cli.ts). Its first line holds its build id, filled in once it is written (see buildId below);
// its src/ files' import.meta.url is the file's URL.
const buildIdPlaceholder = '/* cloudops build 0000000000000000 */'
const cjsUrl = "var __cloudopsUrl = require('node:url').pathToFileURL(__filename).href;"
const cliBanner = { js: `${buildIdPlaceholder} ${cjsUrl}` }

/** The sha256 of the file as built (its first 16 digits), written over the placeholder: same length, same line,
 * so the source map still fits. */
function writeBuildId(file) {
  const text = readFileSync(file, 'utf8')
  if (!text.startsWith(buildIdPlaceholder)) throw new Error(`bundle: ${file} does not start with its build id`)
  const id = createHash('sha256').update(text).digest('hex').slice(0, 16)
  writeFileSync(file, text.replace(buildIdPlaceholder, `/* cloudops build ${id} */`))
}

// Built when run (`node scripts/bundle.js`); imported, it only lends commandFiles() to the tests.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  rmSync(outdir, { recursive: true, force: true })
  const result = await build({
    stdin: { contents: entry(), resolveDir: root, sourcefile: 'cli-entry.js', loader: 'js' },
    outdir,
    entryNames: 'cli',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    // One file: an `await import()` of our own modules becomes a lazy initialiser inside it (evaluated when called,
    // as before), not one more file to resolve and read.
    splitting: false,
    format: 'cjs',
    // A script compiled with vm can import() only under a flag, or with a warning on stderr: the packages and files
    // src/ imports lazily are require()d (each is CommonJS, or an ES module without top-level await, which
    // require() loads since Node 20.19).
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__cloudopsUrl' },
    platform: 'node',
    target: 'node20',
    external,
    banner: cliBanner,
    sourcemap: 'linked',
    sourcesContent: false,
    plugins: [importMetaUrl, lazyYaml, cjsBuiltins, mcpSdkBeside, kubeClientBeside, oclifBeside, lockfileWithNodeFs],
    metafile: true,
    logLevel: 'warning',
  })
  writeFileSync(join(root, 'dist', 'bundle-meta.json'), JSON.stringify(result.metafile))
  writeBuildId(join(outdir, 'cli.cjs'))
  // What bin/run.cjs requires to run a command: cli.cjs with its code cache (src/startup/load-cli.ts), in a small file.
  await build({
    entryPoints: { start: join(root, 'src', 'startup', 'load-cli.ts') },
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    define: { 'import.meta.url': '__cloudopsUrl' },
    platform: 'node',
    target: 'node20',
    external,
    banner: { js: cjsUrl },
    plugins: [importMetaUrl],
    logLevel: 'warning',
  })
  // `cloudops mcp` without oclif (src/mcp/main.ts): a small file of what answering `initialize` needs (cli.js would
  // be 1.3 MB to read first); its import() of src/cli.ts, for the tools at the first call, is of cli.js beside it.
  await build({
    entryPoints: { mcp: join(root, 'src', 'mcp', 'main.ts') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    banner,
    sourcemap: 'linked',
    sourcesContent: false,
    plugins: [importMetaUrl, cjsBuiltins, mcpSdkBeside, cliBeside],
    logLevel: 'warning',
  })
  // yaml in one file of its own (its package is ~60), loaded where src/ loads yaml: only to read or write YAML.
  await build({
    entryPoints: ['yaml'],
    outfile: join(outdir, 'yaml.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  })
  if (oclifEntries.size === 0) throw new Error('bundle: src/ imports no oclif entry; oclif.js would be empty')
  await build({
    stdin: {
      // oclif is CommonJS, whose export names a bundle cannot see: `export *` of it would export nothing. They are
      // read here, from the module itself.
      contents: [...oclifEntries]
        .map((e, i) => {
          const names = Object.keys(createRequire(join(root, 'package.json'))(e)).filter((n) => n !== '__esModule')
          return `import * as m${i} from ${JSON.stringify(e)}\nexport const { ${names.join(', ')} } = m${i}`
        })
        .join('\n'),
      resolveDir: root,
      sourcefile: 'oclif-entry.js',
      loader: 'js',
    },
    outfile: join(outdir, 'oclif.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    banner,
    sourcemap: 'linked',
    sourcesContent: false,
    plugins: [cjsBuiltins],
    logLevel: 'warning',
  })
  if (mcpSdkEntries.size === 0) throw new Error('bundle: src/ imports no MCP SDK entry; mcp-sdk.js would be empty')
  await build({
    stdin: {
      contents: [...mcpSdkEntries].map((e) => `export * from ${JSON.stringify(e)}`).join('\n'),
      resolveDir: root,
      sourcefile: 'mcp-sdk-entry.js',
      loader: 'js',
    },
    outfile: join(outdir, 'mcp-sdk.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner,
    plugins: [noDefaultAjv, cjsBuiltins],
    logLevel: 'warning',
  })
  const { kubeClientExports } = await import('../dist/clients/k8s.js')
  await build({
    stdin: {
      contents: `export { ${kubeClientExports.join(', ')} } from '@kubernetes/client-node'`,
      resolveDir: root,
      sourcefile: 'k8s-client-entry.js',
      loader: 'js',
    },
    outfile: join(outdir, 'k8s-client.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner,
    plugins: [nodeFetchBesideClient, cjsBuiltins],
    logLevel: 'warning',
  })
  const files = Object.keys(result.metafile.outputs).filter((f) => !f.endsWith('.map'))
  console.error(
    `bundle: ${files.length} files, cli.cjs ${(result.metafile.outputs['dist/bundle/cli.cjs']?.bytes / 1024).toFixed(0)} KiB`,
  )
}
