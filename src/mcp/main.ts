// `cloudops mcp` as an MCP client starts it (no flags), without oclif: bin/run.cjs runs this from a small build of its
// own (dist/bundle/mcp.js, scripts/bundle.js) that holds only what answering `initialize` needs. The tools come from
// cli.cjs (its mcpHandlers), read at the first call. It does what the oclif command does (src/commands/mcp.ts),
// through the same function.
import { resolvePaths } from '../config/paths.js'
import { colourWanted } from '../render/colour.js'
import { writeNotice } from '../render/notice.js'
import { stderr } from '../render/std-output.js'
import { handleTopLevelError } from '../top-level-error.js'
import { serveMcpCommand } from './command.js'

export async function mcpWithoutOclif(argv: readonly string[]): Promise<void> {
  const colour = colourWanted(stderr(), undefined)
  try {
    await serveMcpCommand(
      resolvePaths(),
      (line) => writeNotice(stderr(), line, colour),
      async () => (await import('../cli.js')).mcpHandlers(),
    )
  } catch (error) {
    handleTopLevelError(error, argv)
  }
}
