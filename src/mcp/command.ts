// What `cloudops mcp` does, for the oclif command (src/commands/mcp.ts) and for bin/run.cjs's path without oclif
// (src/mcp/main.ts), so the two cannot drift.
import type { Paths } from '../config/paths.js'
import type { Handlers } from './server.js'

/** Serve until the client goes. config.yaml is read by each call, so a bad one is a tool error, not a dead server. */
export async function serveMcpCommand(
  paths: Paths,
  notice: (line: string) => void,
  handlers: () => Promise<Handlers>,
): Promise<void> {
  const { serveMcp } = await import('./server.js')
  await serveMcp(paths, notice, handlers)
}
