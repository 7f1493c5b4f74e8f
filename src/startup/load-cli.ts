// What bin/run.cjs loads for a command the bundle runs: the CLI bundle (dist/bundle/cli.cjs), compiled with the code
// cache its last run of the same command word left (code-cache.ts), and that cache made at this run's end when there
// was none and the command did its work. The bundle is then in require's cache, so oclif, when it loads it for help or a typo, gets this one.
// With --verbose it is a plain require(): stack traces then name src/ lines through the source map, which Node
// applies to modules, not to a vm.Script.
import { isAscii } from 'node:buffer'
import { readFileSync, statSync } from 'node:fs'
import { createRequire, Module } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Script } from 'node:vm'
import type { RunnableCommand } from '../command/dispatch.js'
import { resolvePaths } from '../config/paths.js'
import { ExitCode } from '../errors.js'
import { cacheEntry, readEntry, writeEntry } from './code-cache.js'

type Cli = typeof import('../cli.js') & { COMMANDS: Readonly<Record<string, RunnableCommand>> }

const bundleFile = fileURLToPath(new URL('../bundle/cli.cjs', import.meta.url))

/** The build id scripts/bundle.js writes at the top of cli.cjs: the sha256 (its first 16 digits) of the rest. */
const buildId = (source: string) => /^\/\* cloudops build ([0-9a-f]{16}) \*\//.exec(source)?.[1]

/** The bundle's text. It is ASCII (test/bundle.test.ts), which read as latin1 needs no UTF-8 decoding. */
function readSource(file: string): string {
  const bytes = readFileSync(file)
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8')
}

/** The command word a cache entry is for: the first argument, when it is one word, and neither a trace nor help (which
 * oclif renders, an entry of its functions only) is asked for. */
function cacheWord(argv: string[], env: NodeJS.ProcessEnv): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE || process.getuid === undefined) return undefined
  if (['--verbose', '-v', '--help', '-h'].some((flag) => argv.includes(flag))) return undefined
  return /^[a-z][a-z-]{0,31}$/.test(argv[0] ?? '') ? argv[0] : undefined
}

/** The runs whose end makes the entry: a command that did its work (succeeded, or found what --fail-on names). A usage
 * error or a refusal ends early, and its entry, which V8 would accept from then on, would lack what a whole run calls. */
const wholeRun = new Set<number>([ExitCode.ok, ExitCode.findings])

export function loadCli(argv: string[], env: NodeJS.ProcessEnv = process.env, file = bundleFile): Cli {
  const require = createRequire(file)
  const word = cacheWord(argv, env)
  const source = word === undefined ? undefined : readSource(file)
  const build = source === undefined ? undefined : buildId(source)
  if (word === undefined || source === undefined || build === undefined) return require(file)
  const { size, mtimeMs } = statSync(file)
  const entry = cacheEntry(resolvePaths(env).cacheDir, { build, size, mtimeMs }, word)
  const cachedData = readEntry(entry)
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  })
  // As require() would: a module in its cache under the file's name, loaded once it has run, gone if it threw.
  const module = new Module(file)
  module.filename = file
  require.cache[file] = module
  try {
    script.runInThisContext()(module.exports, require, module, file, dirname(file))
  } catch (error) {
    delete require.cache[file]
    throw error
  }
  module.loaded = true
  const cli = module.exports as Cli
  const known = Object.keys(cli.COMMANDS).some((id) => id.split(':')[0] === word)
  if (known && (cachedData === undefined || script.cachedDataRejected)) {
    // At the end, when every function this run called is compiled: those are what the next run reads.
    process.once('exit', (code) => {
      if (!wholeRun.has(code)) return
      try {
        writeEntry(entry, script.createCachedData())
      } catch {} // a cache that cannot be made is only slower
    })
  }
  return cli
}
