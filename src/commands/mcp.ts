import { BaseCommand } from '../base-command.js'

export default class Mcp extends BaseCommand<typeof Mcp> {
  static override summary = "Serve cloudops's playbooks to an AI agent as read-only MCP tools, over stdio."
  static override description =
    `For Claude Code, Claude Desktop, Cursor or any MCP client: register the command "cloudops" with args ["mcp"].
Tools: list_playbooks, describe_playbook, plan, run_playbook, ask, audit_recent. A step runs only if policy allows it
outright (require_approval and deny are tool errors naming the rule; rules can match via: mcp); only the
environments in mcp.environments (default: default) can be reached; every call is a run in the audit log.`
  static override examples = ['<%= config.bin %> mcp']
  static override examplesNotRun = {
    '<%= config.bin %> mcp':
      'it serves until its client closes stdin; test/integration/mcp.test.ts runs it under the SDK client',
  }

  async run(): Promise<void> {
    // Started as MCP clients start it (no flags), bin/run.cjs serves it without oclif, through the same function.
    const { serveMcpCommand } = await import('../mcp/command.js')
    await serveMcpCommand(
      this.paths,
      (line) => this.notice(line),
      () => import('../mcp/handlers.js'),
    )
  }
}
