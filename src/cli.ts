// The bundle's entry (scripts/bundle.js builds dist/bundle/cli.cjs from it and adds COMMANDS, every command class):
// what bin/run.cjs and oclif need, in one file, so start-up loads one module instead of oclif's and ours one by one.
// Our commands run without oclif (src/command/dispatch.ts); oclif is imported only for what it must answer.
import { type RunnableCommand, runDirect } from './command/dispatch.js'
import { drain, stdoutStream } from './render/std-output.js'

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
  const result = await oclif.run(argv, from)
  await drain(process.stdout) // oclif writes to Node's stream
  return result
}

/** Waits (10 s at most) for what our commands wrote to stdout to reach it, before the process ends; as oclif's flush.
 * Written directly (src/render/std-output.ts), it has reached it already. */
export async function flush(): Promise<void> {
  await drain(stdoutStream())
}

/** The MCP server's tools, for its build without oclif (src/mcp/main.ts): loaded from here at its first call. */
export const mcpHandlers = () => import('./mcp/handlers.js')
