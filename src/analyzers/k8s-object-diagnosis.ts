// "What's wrong with payment-api?": one named object and what it owns or selects, judged together. The first
// finding is the verdict, one line a person reads first; the others follow ranked. Pure.
import type { V1Pod } from '@kubernetes/client-node'
import type { FoundObject, ObjectContext, ReferenceState } from '../actions/k8s/diagnose-types.js'
import type { PreviousLog } from '../actions/k8s/pods-previous-logs.js'
import { dependencyFindings, eventFindings, objectFindings, referenceFindings, targetKey } from './k8s-object-around.js'
import { oneLine, type PodTally, podFindings } from './k8s-object-pods.js'
import { nodeResource } from './k8s-util.js'
import type { AnalyzerDefinition, Finding, FindingResource, Severity } from './types.js'
import { blindSpot, bySeverity, itemsOf } from './util.js'

/** The severities a verdict can take from its problems: low and info ones leave it healthy. */
const order: Severity[] = ['critical', 'high', 'medium']

const analyzer: AnalyzerDefinition<{ restart_threshold?: number }> = {
  id: 'k8s-diagnose',
  description:
    'One named object: a verdict line first, then what is wrong with it, its pods, claims, nodes, references and events.',
  inputs: [
    { name: 'target', from: ['k8s.objects.find'] },
    { name: 'pods', from: ['k8s.objects.pods'] },
    { name: 'context', from: ['k8s.objects.context'], optional: true },
    { name: 'references', from: ['k8s.objects.references'], optional: true },
    { name: 'logs', from: ['k8s.pods.previous_logs'], optional: true },
  ],
  with: {
    type: 'object',
    additionalProperties: false,
    properties: { restart_threshold: { type: 'integer', minimum: 1 } },
  },
  analyze(inputs, o) {
    const target = itemsOf<FoundObject>(inputs.target)[0]
    if (!target) return [blindSpot('k8s-diagnose', 'the object (it was not found)', 'kubernetes')]
    const pods = itemsOf<V1Pod>(inputs.pods)
    const context = itemsOf<ObjectContext>(inputs.context)[0]
    const refs = itemsOf<ReferenceState>(inputs.references)
    const { findings: podProblems, tally } = podFindings(
      targetKey(target),
      pods,
      itemsOf<PreviousLog>(inputs.logs),
      o.restart_threshold ?? 3,
    )
    const problems = [
      ...objectFindings(target, pods, context),
      ...podProblems,
      ...(context ? dependencyFindings(target, context) : []),
      ...referenceFindings(target, refs),
    ]
    if (context) problems.push(...eventFindings(target, context, explainedReasons(tally)))
    const unseen = notSeen(target, inputs)
    const checked = checkedList(pods.length, context, inputs.references ? refs.length : undefined)
    const first = verdict(target, problems, tally, checked)
    // A finding that says exactly what the verdict says is not said twice: the verdict carries its evidence.
    const same = problems.find((p) => p.title === first.title)
    const rest = problems.filter((p) => p !== same)
    const merged = same ? { ...first, evidence: { ...same.evidence, ...first.evidence } } : first
    return [merged, ...[...rest, ...unseen].sort(bySeverity)]
  },
}
export default analyzer

/** Events another finding already says: BackOff is the crash loop, FailedScheduling the pending pod. */
function explainedReasons(t: PodTally): Set<string> {
  const explained = new Set<string>()
  if (t.crashLooping) explained.add('BackOff')
  if (t.pending) explained.add('FailedScheduling')
  if (t.imagePull) explained.add('Failed')
  return explained
}

function notSeen(t: FoundObject, inputs: Record<string, unknown>): Finding[] {
  const missing = [
    ['context', 'owners, claims, nodes and events'],
    ['references', 'whether referenced ConfigMaps and Secrets exist'],
    ['logs', 'previous logs of restarted containers'],
  ].filter(([name]) => inputs[name as string] === undefined)
  return missing.map(([name, what]) => ({
    id: `k8s-diagnose:${targetKey(t)}:not-seen:${name}`,
    severity: 'info',
    title: `Not checked: ${what} (the step failed)`,
    resource: resourceOf(t),
    evidence: {},
    recommendation: 'See the step errors in this report; fix access and run again to cover it.',
  }))
}

function checkedList(pods: number, context: ObjectContext | undefined, refs: number | undefined): string[] {
  const list = [`${pods} pod${pods === 1 ? '' : 's'}`]
  if (context) {
    list.push(`${context.nodes.length} node${context.nodes.length === 1 ? '' : 's'}`)
    if (context.pvcs.length) list.push(`${context.pvcs.length} claim${context.pvcs.length === 1 ? '' : 's'}`)
    list.push('warning events')
  }
  if (refs !== undefined) list.push(`${refs} reference${refs === 1 ? '' : 's'}`)
  return list
}

function resourceOf(t: FoundObject): FindingResource {
  if (t.kind === 'node') return nodeResource(t.name)
  const type = t.kind === 'pvc' ? 'persistentvolumeclaim' : t.kind
  return { provider: 'kubernetes', type, id: targetKey(t), namespace: t.namespace }
}

function verdict(t: FoundObject, problems: Finding[], tally: PodTally, checked: string[]): Finding {
  const worst = order.find((s) => problems.some((p) => p.severity === s))
  const what = `${t.kind} ${targetKey(t)}`
  const title = worst
    ? `${what}: ${summary(tally, problems, what, t.kind === 'pod').join('; ')}`
    : `${what} looks healthy: ${healthy(t, tally)}, no warning events`
  return {
    id: `k8s-diagnose:${targetKey(t)}`,
    severity: worst ?? 'info',
    title: oneLine(title, 240),
    resource: resourceOf(t),
    evidence: {
      kind: t.kind,
      ...(t.resolvedFrom ? { resolved_from: t.resolvedFrom } : {}),
      pods: tally.total,
      ready: tally.ready,
      problems: problems.filter((p) => p.severity !== 'info' && p.severity !== 'low').length,
      checked,
    },
    recommendation: worst
      ? // Stryker disable next-line OptionalChaining,StringLiteral: a worst severity means a problem, so a first one
        ([...problems].sort(bySeverity)[0]?.recommendation ?? 'See the findings below.')
      : 'Nothing to do.',
  }
}

function healthy(t: FoundObject, tally: PodTally): string {
  if (t.kind === 'node') return 'Ready'
  if (t.kind === 'pvc') return 'Bound'
  return `${tally.ready} of ${tally.total} pod${tally.total === 1 ? '' : 's'} ready`
}

/** The few phrases that say most: pods by state first, then the worst other problem, then the last log line. */
function summary(t: PodTally, problems: Finding[], what: string, onePod: boolean): string[] {
  // A pod's own verdict says what it is in; a workload's counts its pods.
  const of = (n: number) => (onePod ? '' : `${n} of ${t.total} pod${t.total === 1 ? '' : 's'} `)
  const parts: string[] = []
  if (t.crashLooping) {
    const exits = t.exitCodes.length ? `, exit ${t.exitCodes.join('/')}` : ''
    parts.push(`${of(t.crashLooping)}in CrashLoopBackOff${exits}`)
  }
  if (t.pending) parts.push(`${of(t.pending)}Pending${t.schedulingMessage ? `: ${t.schedulingMessage}` : ''}`)
  if (t.imagePull) parts.push(`${of(t.imagePull)}cannot pull ${onePod ? 'its' : 'their'} image`)
  if (t.configError) parts.push(`${of(t.configError)}cannot start: ${t.configMessage || 'config error'}`)
  if (t.oomKilled && !t.crashLooping) parts.push(`${of(t.oomKilled)}OOMKilled`)
  const others = problems.filter((p) => p.resource.type !== 'pod' && p.severity !== 'info' && p.severity !== 'low')
  const worstOther = [...others].sort(bySeverity)[0]
  if (worstOther && (parts.length === 0 || worstOther.severity === 'critical'))
    parts.push(withoutSubject(worstOther.title, what))
  if (parts.length === 0)
    // Stryker disable next-line OptionalChaining,StringLiteral: summary() runs only when there is a problem, so a first one
    parts.push(withoutSubject([...problems].sort(bySeverity)[0]?.title ?? 'see the findings', what))
  // No pod state was said: the pods' count still tells a person what stands (and the line is more than a finding).
  const podsSaid = t.crashLooping || t.pending || t.imagePull || t.configError || t.oomKilled
  // Stryker disable next-line MethodExpression: with no pod state said, exactly one phrase is said by now: some = every
  if (!podsSaid && !onePod && t.total > 0 && !parts.some((p) => p.includes('pods ready')))
    parts.push(`${t.ready} of ${t.total} pod${t.total === 1 ? '' : 's'} ready`)
  if (t.lastLogLine) parts.push(`last log line: ${oneLine(t.lastLogLine, 100)}`)
  return parts
}

/** "deployment shop/x: rollout stuck" → "rollout stuck": the verdict names the object once. */
function withoutSubject(title: string, what: string): string {
  if (title.startsWith(`${what}: `)) return title.slice(what.length + 2)
  if (title.startsWith(`${what} `)) return title.slice(what.length + 1).replace(/^is /, '')
  return title
}
