// The tools `cloudops mcp` offers an agent, on the same services the CLI uses. Each call is a run in the audit log
// (`via: mcp`, with the client's name and version); plans are made `via: mcp` so policy rules can tell; a step runs
// only if policy allows it outright (nothing is approved for an agent); only the environments in mcp.environments
// can be reached. The tools' names and schemas are in tool-list.ts.
import { getAnalyzer } from '../analyzers/registry.js'
import { openAuditSink, recordCommandFailure } from '../audit/open.js'
import { newRunId } from '../audit/run-id.js'
import type { AuditSink } from '../audit/sink.js'
import { loadConfig } from '../config/config.js'
import { configDefaults } from '../config/defaults.js'
import type { Paths } from '../config/paths.js'
import { ExitCode, UsageError } from '../errors.js'
import { findPlaybook } from '../planner/load.js'
import type { Plan } from '../planner/types.js'
import type { RunReport } from '../report/types.js'
import { listRuns } from '../services/audit.js'
import { loadSources, type Sources } from '../services/sources.js'
import { dataResult, errorResult, reportResult, type ToolResult } from './result.js'

interface McpClient {
  name: string
  version: string
}

interface Call {
  paths: Paths
  client: McpClient
  signal?: AbortSignal
}

type Args = Record<string, unknown>

/** The environments an agent may reach (config `mcp.environments`, default only `default`). */
export function reachable(paths: Paths): string[] {
  return [...(loadConfig(paths).config.mcp?.environments ?? configDefaults['mcp.environments'])]
}

const str = (args: Args, key: string): string | undefined => {
  const v = args[key]
  if (v === undefined) return undefined
  if (typeof v !== 'string') throw new UsageError(`${key} must be a string`, { hint: `Give ${key} as text.` })
  return v
}

/** A params object as the CLI's k=v flags, so the planner checks them and says what is wrong as the CLI does. */
function paramFlags(args: Args): string[] {
  const p = args.params
  if (p === undefined) return []
  if (!p || typeof p !== 'object' || Array.isArray(p)) {
    throw new UsageError('params must be an object of name: value', { hint: 'e.g. {"namespace": "shop"}' })
  }
  return Object.entries(p).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
}

function allowedEnv(paths: Paths, env: string): void {
  const envs = reachable(paths)
  if (envs.includes(env)) return
  throw new UsageError(`environment "${env}" is not reachable through MCP (mcp.environments: ${envs.join(', ')})`, {
    hint: `To let agents reach it: cloudops config set mcp.environments '[${[...envs, env].join(', ')}]'`,
  })
}

/** One call as one audited run: started with who asked, ended by the run itself or by the failure. */
async function audited(
  tool: string,
  args: Args,
  call: Call,
  body: (run: { runId: string; audit: AuditSink; src: () => Promise<Sources> }) => Promise<ToolResult>,
): Promise<ToolResult> {
  const runId = newRunId()
  const audit = openAuditSink(call.paths)
  let ended = false
  const sink: AuditSink = {
    append: async (e) => {
      await audit.append(e)
      if (e.kind === 'run_finished') ended = true
    },
    close: () => audit.close(),
  }
  try {
    const target = { playbook: args.name, environment: args.env, question: args.question }
    await sink.append({
      run_id: runId,
      kind: 'run_started',
      data: { command: `mcp ${tool}`, via: 'mcp', client: call.client, ...target },
    })
    const src = () => loadSources({ paths: call.paths, config: loadConfig(call.paths).config })
    const result = await body({ runId, audit: sink, src })
    if (!ended) {
      await sink.append({
        run_id: runId,
        kind: 'run_finished',
        data: { status: result.isError ? 'failed' : 'succeeded' },
      })
    }
    await sink.close()
    return result
  } catch (err) {
    const carried = (err as { report?: RunReport }).report
    if (!ended) {
      await recordCommandFailure(sink, runId, {
        command: `mcp ${tool}`,
        exitCode: (err as { exitCode?: number }).exitCode ?? ExitCode.runtime,
        error: err,
      }).catch(() => {})
    }
    await sink.close().catch(() => {})
    const refused = errorResult(err)
    if (carried)
      refused.structuredContent = { ...refused.structuredContent, report: reportResult(carried).structuredContent }
    return refused
  }
}

async function runOrPlan(plan: Plan, run: { runId: string; audit: AuditSink }, call: Call, dryRun: boolean) {
  allowedEnv(call.paths, plan.environment.name)
  const { runPlan } = await import('../services/run.js')
  const exec = loadConfig(call.paths).config.execution ?? {}
  // Not interactive and no --yes: a step that needs approval is refused with its rule, never approved for an agent.
  const report = await runPlan(plan, {
    runId: run.runId,
    audit: run.audit,
    dryRun,
    interactive: false,
    concurrency: exec.concurrency ?? configDefaults['execution.concurrency'],
    fleetConcurrency: exec.fleet_concurrency ?? configDefaults['execution.fleet_concurrency'],
    stepTimeoutMs: (exec.step_timeout_seconds ?? configDefaults['execution.step_timeout_seconds']) * 1000,
    signal: call.signal,
    environments: Object.keys(loadConfig(call.paths).config.environments ?? {}),
    // The CLI's way (--yes, a terminal) is not the agent's to take: say what a person can do.
    unapprovedHint:
      'Through MCP only steps policy allows outright run: a person can run it from the CLI, or the policy can allow it for via: mcp.',
  })
  return reportResult(report)
}

export async function callTool(name: string, args: Args, call: Call): Promise<ToolResult> {
  switch (name) {
    case 'list_playbooks':
      return audited(name, args, call, async ({ src }) => {
        const playbooks = (await src()).playbooks.map((p) => ({
          name: p.playbook.metadata.name,
          provider: p.playbook.metadata.provider,
          description: p.playbook.metadata.description,
          params: Object.keys(p.playbook.params ?? {}),
        }))
        const text = playbooks.map((p) => `${p.name} (${p.provider}): ${p.description}`).join('\n')
        return dataResult(text, { playbooks })
      })
    case 'describe_playbook':
      return audited(name, args, call, async ({ src }) => {
        const found = findPlaybook((await src()).playbooks, str(args, 'name') ?? '')
        const pb = found.playbook
        const analyzers = pb.analyze.map((a) => ({
          analyzer: a.analyzer,
          reports: getAnalyzer(a.analyzer)?.description ?? '',
        }))
        const text = [
          `${pb.metadata.name}: ${pb.metadata.description}`,
          ...Object.entries(pb.params ?? {}).map(([k, p]) => `param ${k} (${p.type}): ${p.description}`),
          ...pb.steps.map((s) => `step ${s.id}: ${s.action}${s.optional ? ' (optional)' : ''}`),
          ...analyzers.map((a) => `${a.analyzer}: ${a.reports}`),
        ].join('\n')
        return dataResult(text, { playbook: pb, analyzers, source: { origin: found.origin, sha256: found.sha256 } })
      })
    case 'plan':
    case 'run_playbook':
      return audited(name, args, call, async (run) => {
        const env = str(args, 'env') ?? 'default'
        allowedEnv(call.paths, env)
        const { planPlaybook } = await import('../services/plan.js')
        const plan = await planPlaybook(await run.src(), str(args, 'name') ?? '', {
          env,
          params: paramFlags(args),
          via: 'mcp',
        })
        return runOrPlan(plan, run, call, name === 'plan')
      })
    case 'ask':
      return audited(name, args, call, async (run) => {
        const question = str(args, 'question')
        if (!question?.trim()) throw new UsageError('question is empty', { hint: 'Ask in plain words.' })
        const src = await run.src()
        const { understand } = await import('../services/intent.js')
        const { planUnderstood } = await import('../services/plan.js')
        const understood = await understand(src, { question }, { sink: run.audit, runId: run.runId })
        const plan = await planUnderstood(src, understood, { via: 'mcp' })
        return runOrPlan(plan, run, call, false)
      })
    case 'audit_recent':
      return audited(name, args, call, async () => {
        const limit = typeof args.limit === 'number' ? Math.min(200, Math.max(1, Math.floor(args.limit))) : 20
        const { runs, more } = listRuns(call.paths.auditLog, { limit })
        const text = runs.map((r) => `${r.started} ${r.run_id} ${r.command ?? ''} ${r.status}`).join('\n')
        return dataResult(text || 'no runs yet', { runs, more })
      })
    default:
      // Recorded too: an agent trying tools that do not exist is worth seeing in the log.
      return audited(name, args, call, async () => {
        throw new UsageError(`no tool "${name}"`, {
          hint: 'The tools: list_playbooks, describe_playbook, plan, run_playbook, ask, audit_recent.',
        })
      })
  }
}
