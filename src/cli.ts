// The bundle's entry (scripts/bundle.js builds dist/bundle/cli.cjs from it and adds COMMANDS, every command class):
// what bin/run.cjs and oclif need, in one file, so start-up loads one module instead of oclif's and ours one by one.
// Our commands run without oclif (src/command/dispatch.ts); oclif is imported only for what it must answer.
import { type RunnableCommand, runDirect } from './command/dispatch.js'

// public: oclif's command_not_found hook (package.json oclif.hooks names it in the bundle)
export { default as notFound } from './hooks/not-found.js'
export { handleTopLevelError } from './top-level-error.js'

/** Runs the command argv names: one of `commands` (the bundle's) directly, anything else through oclif. */
export async function run(
  argv: string[],
  from: string,
  commands: Readonly<Record<string, RunnableCommand>>,
): Promise<unknown> {
  const direct = await runDirect(argv, from, commands)
  if (direct.ran) return direct.result
  const oclif = await import('@oclif/core/run')
  return oclif.run(argv, from)
}

/** Waits (10 s at most) for what is written to stdout to reach it, before the process ends; as oclif's flush. */
export async function flush(): Promise<void> {
  if (process.stdout.write('')) return
  const drained = new Promise((resolve) => process.stdout.once('drain', resolve))
  const timeout = new Promise((resolve) => setTimeout(resolve, 10_000).unref())
  await Promise.race([drained, timeout])
}

/** The MCP server's tools, for its build without oclif (src/mcp/main.ts): loaded from here at its first call. */
export const mcpHandlers = () => import('./mcp/handlers.js')
