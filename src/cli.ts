// The bundle's entry (scripts/bundle.js builds dist/bundle/cli.js from it and adds COMMANDS, every command class):
// what bin/run.js and oclif need, in one file, so start-up loads one module instead of oclif's and ours one by one.
// oclif itself is imported when it is first called, not when the bundle loads.
import { oclifOptions } from './oclif-options.js'

// public: oclif's command_not_found hook (package.json oclif.hooks names it in the bundle)
export { default as notFound } from './hooks/not-found.js'
export { handleTopLevelError } from './top-level-error.js'

/** oclif's run: finds the command argv names (one of `commands`, the bundle's ids, or a plugin's) and runs it. */
export async function run(argv: string[], from: string, commands: readonly string[]): Promise<unknown> {
  const oclif = await import('@oclif/core/run')
  return oclif.run(argv, oclifOptions(argv, from, commands))
}

/** oclif's flush: waits for stdout to drain before the process ends. */
export async function flush(): Promise<void> {
  const oclif = await import('@oclif/core/flush')
  await oclif.flush()
}

/** The MCP server's tools, for its build without oclif (src/mcp/main.ts): loaded from here at its first call. */
export const mcpHandlers = () => import('./mcp/handlers.js')
