// Bind a playbook into a plan: concrete params, one step per region where the playbook says foreach: region,
// each step's risk from the action catalogue, and the policy's decision for each step. Pure apart from the clock
// and the plan id; the same inputs give the same content_sha256.
import { randomUUID } from 'node:crypto'
import { loadAction } from '../actions/registry.js'
import { UsageError } from '../errors.js'
import type { AcceptedIntent } from '../intent/types.js'
import type { LoadedPolicy, Via } from '../policy/types.js'
import { schemaProblems, validatorForObject } from '../schema/validator.js'
import { canonicalJson, sha256Hex } from '../util/hash.js'
import { toolVersion } from '../version.js'
import { resolveParams } from './params.js'
import type { LoadedPlaybook } from './playbook.js'
import { decidePlan } from './policy-steps.js'
import { substitute } from './template.js'
import type { Plan, PlanAnalysis, PlanEnvironment, PlanStep, PlanTarget } from './types.js'

interface PlanInput {
  intent: AcceptedIntent | null
  question: string | null
  playbook: LoadedPlaybook
  environment: PlanEnvironment
  /** A fleet plan's targets: the playbook is bound once for each, and each step names its target. */
  targets?: PlanTarget[]
  params?: Record<string, string>
  policy: LoadedPolicy
  ttlMs: number
  now?: Date
  /** Who asks: the CLI unless said; policy rules can match it. */
  via?: Via
}

export type UnsealedPlan = Omit<Plan, 'hash' | 'signature'>

type Bound = { steps: PlanStep[]; analyze: PlanAnalysis[] }

async function bindSteps(input: PlanInput): Promise<Bound> {
  const pb = input.playbook.playbook
  const values = resolveParams(pb, input.intent, input.params ?? {})
  const regions = input.environment.aws?.regions ?? []
  const expansions = new Map<string, string[]>()
  const steps: PlanStep[] = []
  for (const s of pb.steps) {
    const action = await loadAction(s.action)
    let params: Record<string, unknown>
    try {
      params = substitute(s.params ?? {}, values) as Record<string, unknown>
    } catch (err) {
      throw new UsageError(`playbook ${pb.metadata.name} step ${s.id}: ${(err as Error).message}`, {
        hint: `Give it with --param (see \`cloudops playbooks show ${pb.metadata.name}\`).`,
      })
    }
    const validate = validatorForObject(action.params)
    if (!validate(params)) {
      const first = schemaProblems(validate)[0]
      throw new UsageError(`step ${s.id} (${s.action}): params ${first?.message ?? 'are invalid'}`, {
        hint: `Check the --param values against \`cloudops actions list\` and \`cloudops playbooks show ${pb.metadata.name}\`.`,
      })
    }
    const stepRegions: (string | undefined)[] = s.foreach ? regions : [s.region]
    const ids: string[] = []
    for (const region of stepRegions) {
      const id = s.foreach ? `${s.id}@${region}` : s.id
      const inputs = (s.inputs ?? []).flatMap((input) => {
        const all = expansions.get(input) ?? []
        const same = all.filter((x) => x === `${input}@${region}`)
        return s.foreach && same.length ? same : all
      })
      steps.push({
        id,
        provider: action.provider,
        action: action.id,
        risk: action.risk,
        params,
        optional: Boolean(s.optional),
        ...(region ? { region } : {}),
        ...(inputs.length ? { inputs } : {}),
      })
      ids.push(id)
    }
    expansions.set(s.id, ids)
  }
  const analyze = pb.analyze.map((a) => ({
    analyzer: a.analyzer,
    inputs: Object.fromEntries(Object.entries(a.inputs).map(([name, step]) => [name, expansions.get(step) ?? []])),
    with: substitute(a.with ?? {}, values) as Record<string, unknown>,
  }))
  return { steps, analyze }
}

/** A fleet's steps: each target's binding, with ids made unique by the target's place ("pods#2"). */
async function bindFleet(input: PlanInput, targets: PlanTarget[]): Promise<Bound> {
  const bound = await Promise.all(targets.map((t) => bindSteps({ ...input, environment: t.environment })))
  const tag = (id: string, i: number) => `${id}#${i + 1}`
  return {
    steps: bound.flatMap((b, i) =>
      b.steps.map((s) => ({
        ...s,
        id: tag(s.id, i),
        ...(s.inputs ? { inputs: s.inputs.map((x) => tag(x, i)) } : {}),
        target: (targets[i] as PlanTarget).id,
      })),
    ),
    analyze: bound.flatMap((b, i) =>
      b.analyze.map((a) => ({
        ...a,
        inputs: Object.fromEntries(Object.entries(a.inputs).map(([k, ids]) => [k, ids.map((x) => tag(x, i))])),
        target: (targets[i] as PlanTarget).id,
      })),
    ),
  }
}

export function contentHash(
  p: Pick<Plan, 'intent' | 'playbook' | 'environment' | 'targets' | 'steps' | 'policy'>,
): string {
  return sha256Hex(
    canonicalJson({
      intent: p.intent,
      playbook: p.playbook,
      environment: p.environment,
      // Only fleet plans have targets: a single environment's plan hashes as it always has.
      ...(p.targets ? { targets: p.targets } : {}),
      steps: p.steps,
      policy: p.policy,
    }),
  )
}

export async function buildPlan(input: PlanInput): Promise<UnsealedPlan> {
  const now = input.now ?? new Date()
  const targets = input.targets
  const { steps, analyze } = targets ? await bindFleet(input, targets) : await bindSteps(input)
  const decisions = await decidePlan(input.policy.policy, { environment: input.environment, targets, steps }, input.via)
  const pb = input.playbook
  const body = {
    intent: input.intent,
    playbook: { name: pb.playbook.metadata.name, version: pb.playbook.metadata.version, sha256: pb.sha256 },
    environment: input.environment,
    ...(targets ? { targets } : {}),
    steps,
    policy: { source: input.policy.source, sha256: input.policy.sha256, decisions },
  }
  return {
    format_version: 1,
    plan_id: randomUUID(),
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + input.ttlMs).toISOString(),
    tool_version: toolVersion(),
    question: input.question,
    ...body,
    analyze,
    content_sha256: contentHash(body),
  }
}
