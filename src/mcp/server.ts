// `cloudops mcp`: the tools of tools.ts over stdio, on the official SDK's low-level server (the schemas are JSON
// Schema made from the playbooks, so no schema library is needed). Loaded only by this command. What the tools need
// (config, playbooks, policy, audit: handlers.ts) is loaded at the first request, so `initialize` is answered without.
import type { Paths } from '../config/paths.js'
import { schemaProblems, validatorForObject } from '../schema/validator.js'
import { toolVersion } from '../version.js'

const jsonSchemaValidator = {
  getValidator(schema: object) {
    const validate = validatorForObject(schema as Record<string, unknown>)
    return (input: unknown) =>
      validate(input)
        ? { valid: true as const, data: input as never, errorMessage: undefined }
        : {
            valid: false as const,
            data: undefined,
            errorMessage: schemaProblems(validate)
              .map((p) => p.message)
              .join('; '),
          }
  },
}

/** handlers.ts, as the caller loads it: from the same bundle, or from cli.js for the server run without oclif. */
export type Handlers = typeof import('./handlers.js')

/** Serve until the client closes stdin (or a signal ends the process); resolves when the transport closes. */
export async function serveMcp(
  paths: Paths,
  notice: (line: string) => void,
  handlers: () => Promise<Handlers>,
): Promise<void> {
  // Imported here, not at the top: the bundle inlines this module, and only `cloudops mcp` may load the SDK.
  const [{ Server }, { StdioServerTransport }, { CallToolRequestSchema, ListToolsRequestSchema }] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/index.js'),
    import('@modelcontextprotocol/sdk/server/stdio.js'),
    import('@modelcontextprotocol/sdk/types.js'),
  ])
  const server = new Server(
    { name: 'cloudops', version: toolVersion() },
    {
      capabilities: { tools: { listChanged: true } },
      instructions:
        'cloudops runs reviewed, read-only investigations of AWS and Kubernetes. Call list_playbooks, then run_playbook (or ask a question with ask). Steps run only when policy allows them outright; every call is audited.',
      // The SDK checks a client's elicitation answers with it; ours compiles a schema only when one is checked.
      jsonSchemaValidator,
    },
  )
  // Listed while config.yaml was bad: the environments in the list are the defaults, so once a call finds it fixed
  // the client is told to list the tools again.
  let listedWithoutConfig = false
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const { listTools } = await handlers()
    const { tools, problem } = await listTools(paths, notice)
    listedWithoutConfig = problem !== undefined
    return { tools }
  })
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { callTool, configProblem } = await handlers()
    const client = server.getClientVersion()
    const result = await callTool(request.params.name, request.params.arguments ?? {}, {
      paths,
      client: { name: client?.name ?? 'unknown', version: client?.version ?? 'unknown' },
      signal: extra.signal,
    })
    if (listedWithoutConfig && configProblem(paths) === undefined) {
      listedWithoutConfig = false
      await server.sendToolListChanged()
    }
    return result
  })
  // Once the client has its answer to `initialize`: a bad config.yaml said where a person reads the server's log
  // (the client's MCP log), as well as in every tool call it fails, while the server stays up for the fix.
  server.oninitialized = async () => {
    const { configProblem } = await handlers()
    const problem = configProblem(paths)
    if (problem) notice(problem)
  }
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve()
  })
  await server.connect(new StdioServerTransport())
  // The transport does not watch for the end of stdin; without this, Node 22+ ends the process with the await
  // below unsettled (exit 13) once the client has closed stdin.
  process.stdin.once('end', () => void server.close())
  await closed
}
