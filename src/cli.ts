// The bundle's entry (scripts/bundle.js builds dist/bundle/cli.js from it and adds COMMANDS, every command class):
// what bin/run.js and oclif need, in one file, so start-up loads one module instead of oclif's and ours one by one.
// oclif itself is imported when it is first called, not when the bundle loads: `cloudops mcp` runs without it.

// public: oclif's command_not_found hook (package.json oclif.hooks names it in the bundle)
export { default as notFound } from './hooks/not-found.js'
export { handleTopLevelError } from './top-level-error.js'

/** oclif's run: finds the command argv names and runs it. */
export async function run(argv: string[], from: string): Promise<unknown> {
  const oclif = await import('@oclif/core/run')
  return oclif.run(argv, from)
}

/** oclif's flush: waits for stdout to drain before the process ends. */
export async function flush(): Promise<void> {
  const oclif = await import('@oclif/core/flush')
  await oclif.flush()
}

/**
 * `cloudops mcp` as an MCP client starts it (no flags), without oclif: bin/run.js calls this, so the server answers
 * `initialize` having loaded little more than the SDK. It does what the oclif command does (src/commands/mcp.ts).
 */
export async function mcpWithoutOclif(): Promise<void> {
  const [{ resolvePaths }, { serveMcpCommand }, { colourWanted }, { writeNotice }] = await Promise.all([
    import('./config/paths.js'),
    import('./mcp/command.js'),
    import('./render/colour.js'),
    import('./render/notice.js'),
  ])
  const colour = colourWanted(process.stderr, undefined)
  await serveMcpCommand(resolvePaths(), (line) => writeNotice(process.stderr, line, colour))
}
