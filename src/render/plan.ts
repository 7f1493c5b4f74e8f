// Plans for people: what will run, where, and what policy says about each step.
import type { Plan } from '../planner/types.js'
import type { Terminal } from './output.js'
import { safeInline } from './safe-text.js'
import { table } from './table.js'

const fmtParams = (p: Record<string, unknown>) =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ')

/** Where a plan (or one fleet target) runs, in words: regions, profile, context. */
export function planTarget(plan: Pick<Plan, 'environment'>): string {
  const env = plan.environment
  return [
    env.aws?.regions.length ? `regions ${env.aws.regions.join(', ')}` : '',
    env.aws?.profile ? `profile ${env.aws.profile}` : '',
    env.kubernetes?.context ? `context ${env.kubernetes.context}` : '',
    env.kubernetes?.namespace ? `namespace ${env.kubernetes.namespace}` : '',
  ]
    .filter(Boolean)
    .join('; ')
}

/** A fleet plan's fan-out, before anything runs: every target and where it reaches. */
function fleetLines(plan: Plan): string[] {
  const targets = plan.targets ?? []
  const width = Math.max(...targets.map((t) => t.id.length))
  return [
    `Fleet: ${targets.length} target(s), each decided by policy on its own:`,
    ...targets.map(
      (t) =>
        `  ${safeInline(t.id.padEnd(width))}  ${safeInline(planTarget(t))}${t.environment.resolved ? '' : ' (NOT CONFIGURED)'}`,
    ),
  ]
}

export function renderPlan(plan: Plan, format: 'table' | 'markdown', term?: Terminal): string {
  const env = plan.environment
  const where = planTarget(plan)
  const c = term?.colour
  const head = [
    `Plan ${plan.plan_id} — playbook ${safeInline(plan.playbook.name)} ${safeInline(plan.playbook.version)}`,
    `Environment: ${safeInline(env.name)}${env.resolved ? '' : ' (NOT CONFIGURED: shown for review, cannot run)'}${where ? ` (${safeInline(where)})` : ''}${env.overrides ? `; for this run: ${safeInline(Object.keys(env.overrides).join(', '))} from the command line` : ''}`,
    plan.question ? `Question: ${safeInline(plan.question)}` : '',
    `Policy: ${safeInline(plan.policy.source)} (sha256 ${plan.policy.sha256.slice(0, 12)}…)`,
    `Expires: ${plan.expires_at}`,
    '',
  ].filter((l, i) => l !== '' || i === 5)
  if (plan.targets) head.splice(2, 0, ...fleetLines(plan))
  const rows = plan.steps.map((s) => ({ s, d: plan.policy.decisions.find((d) => d.step === s.id) }))
  const effectColour = (effect: string | undefined) =>
    effect === 'allow' ? c?.green : effect === 'deny' ? c?.red : c?.yellow
  const steps = table(
    format,
    rows,
    [
      ...(plan.targets ? [{ header: 'target', get: (r: (typeof rows)[number]) => r.s.target ?? '' }] : []),
      { header: 'step', get: (r) => r.s.id },
      { header: 'action', get: (r) => r.s.action },
      { header: 'risk', get: (r) => r.s.risk },
      { header: 'params', get: (r) => fmtParams(r.s.params) },
      { header: 'optional', get: (r) => (r.s.optional ? 'yes' : '') },
      {
        header: 'policy',
        get: (r) => `${r.d?.effect ?? '?'} (${r.d?.rules.join(', ') ?? ''})`,
        style: (t, r) => effectColour(r.d?.effect)?.(t) ?? t,
      },
    ],
    term,
  )
  // A fleet runs the same analyzers on each target: named once.
  const analyzers = [...new Set(plan.analyze.map((a) => a.analyzer))].join(', ')
  const analyses = plan.targets ? `Then, on each target: ${analyzers}` : `Then: ${analyzers}`
  return [...head, steps, '', analyses, `content_sha256 ${plan.content_sha256}`].join('\n')
}
