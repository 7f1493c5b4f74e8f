// What the MCP server's requests run (server.ts loads this at the first one): the tool list, each tool call, and the
// check of config.yaml once the client is connected.
import { loadConfig } from '../config/config.js'
import { configDefaults } from '../config/defaults.js'
import type { Paths } from '../config/paths.js'
import { formatErrorLine, toErrorReport } from '../error-report.js'
import { loadPlaybooks } from '../planner/load.js'
import { toolList } from './tool-list.js'
import { reachable } from './tools.js'

export { callTool } from './tools.js'

/**
 * The tools, for tools/list. With a bad config.yaml they are still listed (a client that gets no list shows the
 * server as broken until restarted), with only the default environments; each call then says what is wrong.
 */
export async function listTools(paths: Paths, notice: (line: string) => void) {
  let environments: readonly string[] = configDefaults['mcp.environments']
  let problem: string | undefined
  try {
    environments = reachable(paths)
  } catch (err) {
    problem = problemLine(err)
  }
  const playbooks = await loadPlaybooks({ paths, onSkipped: notice })
  return { tools: toolList(playbooks, environments), problem }
}

/** config.yaml's first problem, as the CLI would say it; undefined when it loads. */
export function configProblem(paths: Paths): string | undefined {
  try {
    loadConfig(paths)
    return undefined
  } catch (err) {
    return problemLine(err)
  }
}

const problemLine = (err: unknown) => formatErrorLine(toErrorReport(err))
