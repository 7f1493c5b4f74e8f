#!/usr/bin/env node
// Entry point. Kept tiny: start-up time is a feature (see ARCHITECTURE.md, "Start-up budget").
// Built-ins through getBuiltinModule, not `import`: an ES import of node:fs builds a facade that reads all its exports,
// and some are getters that load more of Node (fs.ReadStream: the streams).
const { existsSync, readFileSync } = process.getBuiltinModule('node:fs')
const module = process.getBuiltinModule('node:module')

module.enableCompileCache?.() // Node >= 22.1; a no-op on 20

const argv = process.argv.slice(2)
const fast = !process.env.CLOUDOPS_NO_FAST_PATH && argv.length === 1
const helpText = new URL('../dist/help.txt', import.meta.url)
const helpJson = new URL('../dist/help.json', import.meta.url)
let helpTexts
if (fast && ['--help', '-h', 'help'].includes(argv[0]) && existsSync(helpText)) {
  // The root help, rendered by oclif at build time (scripts/help.js): the same text, without loading oclif.
  // Its version line names the Node that built it; print this one's.
  process.stdout.write(readFileSync(helpText, 'utf8').replace(/cloudops\/\S+ \S+ node-v\S+/, versionLine()))
} else if (fast && argv[0] === '--version') {
  process.stdout.write(`${versionLine()}\n`)
} else if (!process.env.CLOUDOPS_NO_FAST_PATH && preRenderedHelp(argv) !== undefined) {
  process.stdout.write(preRenderedHelp(argv))
} else if (fast && argv[0] === 'mcp') {
  // How MCP clients start it: served without oclif, which has no flag to parse here (src/mcp/main.ts).
  const { mcpWithoutOclif } = await import('../dist/bundle/mcp.js')
  await mcpWithoutOclif(argv)
} else {
  // Stack traces name src/ lines through the bundle's source maps; read only when a trace may be printed.
  if (argv.includes('--verbose') || argv.includes('-v')) process.setSourceMapsEnabled(true)
  const { COMMANDS, flush, handleTopLevelError, run } = await import('../dist/bundle/cli.js')
  try {
    await run(argv, import.meta.url, COMMANDS)
    await flush()
  } catch (error) {
    handleTopLevelError(error, argv)
  }
}

/**
 * `cloudops audit verify --help` (or a topic's), as the build rendered it (scripts/help.js): only where oclif would
 * print those very bytes, i.e. not at a terminal (whose width and colours it follows) and no OCLIF_COLUMNS.
 */
function preRenderedHelp(args) {
  const words = args.slice(0, -1)
  // Only --help: oclif takes -h for a topic's help but refuses it as a command's flag.
  if (args.at(-1) !== '--help' || words.length === 0 || words.some((w) => w.startsWith('-'))) return
  if (process.stdout.isTTY || process.env.OCLIF_COLUMNS || process.env.FORCE_COLOR) return
  helpTexts ??= existsSync(helpJson) ? JSON.parse(readFileSync(helpJson, 'utf8')) : {}
  return Object.hasOwn(helpTexts, words.join(':')) ? helpTexts[words.join(':')] : undefined
}

/** The same line oclif prints for --version, without loading oclif to print it. */
function versionLine() {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  return `cloudops/${version} ${process.platform}-${process.arch} node-${process.version}`
}
