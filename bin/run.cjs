#!/usr/bin/env node
// Entry point. Kept tiny: start-up time is a feature (see ARCHITECTURE.md, "Start-up budget").
// CommonJS: on Node 20 an ES module entry starts the ES module loader, ~3 ms, which a command run never needs.
// Built-ins through getBuiltinModule: the same objects require() gives, without its resolution.
const { existsSync, readFileSync } = process.getBuiltinModule('node:fs')
const { enableCompileCache } = process.getBuiltinModule('node:module')
const { join } = process.getBuiltinModule('node:path')
const { pathToFileURL } = process.getBuiltinModule('node:url')

enableCompileCache?.() // Node >= 22.1; a no-op on 20

const argv = process.argv.slice(2)
const fast = !process.env.CLOUDOPS_NO_FAST_PATH && argv.length === 1
const helpText = join(__dirname, '..', 'dist', 'help.txt')
const helpJson = join(__dirname, '..', 'dist', 'help.json')
let helpTexts

async function main() {
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
    const { loadCli } = require('../dist/bundle/start.cjs')
    const { COMMANDS, flush, handleTopLevelError, run } = loadCli(argv)
    try {
      await run(argv, pathToFileURL(__filename).href, COMMANDS)
      await flush()
    } catch (error) {
      handleTopLevelError(error, argv)
    }
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
  const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'))
  return `cloudops/${version} ${process.platform}-${process.arch} node-${process.version}`
}

main()
