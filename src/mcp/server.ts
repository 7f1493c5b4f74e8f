// `cloudops mcp`: the tools of tools.ts over stdio, on the official SDK's low-level server (the schemas are JSON
// Schema made from the playbooks, so no schema library is needed). Loaded only by this command.
import { loadConfig } from '../config/config.js'
import type { Paths } from '../config/paths.js'
import { loadPlaybooks } from '../planner/load.js'
import { toolVersion } from '../version.js'
import { toolList } from './tool-list.js'
import { callTool, reachable } from './tools.js'

/** Serve until the client closes stdin (or a signal ends the process); resolves when the transport closes. */
export async function serveMcp(paths: Paths, notice: (line: string) => void): Promise<void> {
  // Imported here, not at the top: the bundle inlines this module, and only `cloudops mcp` may load the SDK.
  const [{ Server }, { StdioServerTransport }, { CallToolRequestSchema, ListToolsRequestSchema }] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/index.js'),
    import('@modelcontextprotocol/sdk/server/stdio.js'),
    import('@modelcontextprotocol/sdk/types.js'),
  ])
  const server = new Server(
    { name: 'cloudops', version: toolVersion() },
    {
      capabilities: { tools: {} },
      instructions:
        'cloudops runs reviewed, read-only investigations of AWS and Kubernetes. Call list_playbooks, then run_playbook (or ask a question with ask). Steps run only when policy allows them outright; every call is audited.',
    },
  )
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    loadConfig(paths)
    const playbooks = await loadPlaybooks({ paths, onSkipped: notice })
    return { tools: toolList(playbooks, reachable(paths)) }
  })
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const client = server.getClientVersion()
    return callTool(request.params.name, request.params.arguments ?? {}, {
      paths,
      client: { name: client?.name ?? 'unknown', version: client?.version ?? 'unknown' },
      signal: extra.signal,
    })
  })
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve()
  })
  await server.connect(new StdioServerTransport())
  // The transport does not watch for the end of stdin; without this, Node 22+ ends the process with the await
  // below unsettled (exit 13) once the client has closed stdin.
  process.stdin.once('end', () => void server.close())
  await closed
}
