// What the MCP server's requests run (server.ts loads this at the first one): the tool list, each tool call, and the
// check of config.yaml once the client is connected.
import { loadConfig } from '../config/config.js'
import type { Paths } from '../config/paths.js'
import { formatErrorLine, toErrorReport } from '../error-report.js'
import { loadPlaybooks } from '../planner/load.js'
import { toolList } from './tool-list.js'
import { reachable } from './tools.js'

export { callTool } from './tools.js'

export async function listTools(paths: Paths, notice: (line: string) => void) {
  loadConfig(paths)
  const playbooks = await loadPlaybooks({ paths, onSkipped: notice })
  return { tools: toolList(playbooks, reachable(paths)) }
}

/** config.yaml's first problem, as the CLI would say it; undefined when it loads. */
export function configProblem(paths: Paths): string | undefined {
  try {
    loadConfig(paths)
    return undefined
  } catch (err) {
    return formatErrorLine(toErrorReport(err))
  }
}
