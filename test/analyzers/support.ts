// Shared by the analyzer table tests: run an analyzer the way a plan does, and build the object shapes the actions
// return (AWS SDK v3 and @kubernetes/client-node objects, as the integration seeds write them).
import { join } from 'node:path'
import type { Instance, Volume } from '@aws-sdk/client-ec2'
import type { V1Container, V1ContainerStatus, V1Node, V1NodeCondition, V1Pod, V1Taint } from '@kubernetes/client-node'
import type { FoundObject, KubeKind } from '../../src/actions/k8s/diagnose-types.js'
import type { ActionOutput } from '../../src/actions/types.js'
import { getAnalyzer } from '../../src/analyzers/registry.js'
import type { Finding } from '../../src/analyzers/types.js'
import { analyzerContext, gatherInput } from '../../src/engine/analyze.js'
import { readPlaybookFile, shippedPlaybooksDir } from '../../src/planner/load.js'
import { substitute } from '../../src/planner/template.js'
import { schemaProblems, validatorForObject } from '../../src/schema/validator.js'

/** A step's output; `undefined` is a step that failed (the plan names it, but it produced nothing). */
export type StepResult = ActionOutput | undefined
/** Step outputs by playbook step id; for a `foreach: region` step, by region. */
export type Steps = Record<string, StepResult | Record<string, StepResult>>

export const out = (items: unknown[], notes?: string[]): ActionOutput => ({ items, ...(notes ? { notes } : {}) })

export interface Analysis {
  /** The analyzer's findings for these step outputs, with the playbook's `with` bound to its defaults + params. */
  run(steps: Steps, params?: Record<string, unknown>): Finding[]
}

/**
 * The playbook's `analyze:` entry for `analyzer`, run as src/engine/analyze.ts runs it: each input gathers the
 * outputs of the step ids it is bound to (every region of a foreach step), options are the playbook's `with`
 * substituted with its param defaults (overridden by `params`) and must pass the analyzer's options schema, and the
 * analyzer comes from the registry.
 */
export async function analysisOf(playbook: string, analyzer: string): Promise<Analysis> {
  const provider = playbook.startsWith('aws-') ? 'aws' : 'kubernetes'
  const loaded = await readPlaybookFile(join(shippedPlaybooksDir, provider, `${playbook}.yaml`), 'shipped')
  if (!loaded.ok) throw new Error(`${playbook}: ${JSON.stringify(loaded.problems)}`)
  const pb = loaded.loaded.playbook
  const entry = pb.analyze.find((a) => a.analyzer === analyzer)
  if (!entry) throw new Error(`${playbook} does not run ${analyzer}`)
  const definition = getAnalyzer(analyzer)
  if (!definition) throw new Error(`no analyzer ${analyzer} in the registry`)
  const defaults = Object.fromEntries(
    Object.entries(pb.params ?? {})
      .filter(([, p]) => p.default !== undefined)
      .map(([name, p]) => [name, p.default]),
  )
  const foreach = new Set(pb.steps.filter((s) => s.foreach).map((s) => s.id))
  return {
    run(steps, params = {}) {
      const options = substitute(entry.with ?? {}, { ...defaults, ...params }) as Record<string, unknown>
      const validate = validatorForObject(definition.with)
      if (!validate(options)) throw new Error(`invalid with: ${JSON.stringify(schemaProblems(validate))}`)
      const outputs = new Map<string, ActionOutput>()
      const inputs: Record<string, string[]> = {}
      for (const [name, stepId] of Object.entries(entry.inputs)) {
        const given = steps[stepId]
        const byRegion: Record<string, StepResult> =
          foreach.has(stepId) && !(given && 'items' in given)
            ? ((given as Record<string, StepResult> | undefined) ?? { 'us-east-1': undefined })
            : { '': given as StepResult }
        inputs[name] = Object.entries(byRegion).map(([region, o]) => {
          const id = foreach.has(stepId) ? `${stepId}@${region || 'us-east-1'}` : stepId
          if (o) outputs.set(id, o)
          return id
        })
      }
      const gathered = Object.fromEntries(Object.entries(inputs).map(([n, ids]) => [n, gatherInput(ids, outputs)]))
      return definition.analyze(gathered, options, analyzerContext())
    },
  }
}

export const ids = (findings: Finding[]) => findings.map((f) => f.id)

/** The one finding with this id (fails the test when there is none, or more than one). */
export function only(findings: Finding[], id: string): Finding {
  const matching = findings.filter((f) => f.id === id)
  if (matching.length !== 1) throw new Error(`expected one finding ${id}, got ${matching.length} in ${ids(findings)}`)
  return matching[0] as Finding
}

// ---- Kubernetes objects, as @kubernetes/client-node returns them ----

const t0 = new Date('2026-11-20T10:00:00Z')
export const when = t0

export interface ContainerSpec {
  name: string
  requests?: { cpu?: string; memory?: string }
  limits?: { cpu?: string; memory?: string }
  /** `Always` on an init container makes it a sidecar. */
  restartPolicy?: 'Always'
}

function container(c: ContainerSpec): V1Container {
  return {
    name: c.name,
    image: 'registry.example/app:1.0',
    resources: { ...(c.requests ? { requests: c.requests } : {}), ...(c.limits ? { limits: c.limits } : {}) },
    ...(c.restartPolicy ? { restartPolicy: c.restartPolicy } : {}),
  }
}

export interface PodSpec {
  node?: string
  containers?: ContainerSpec[]
  initContainers?: ContainerSpec[]
  status?: V1Pod['status']
}

export function pod(namespace: string, name: string, spec: PodSpec = {}): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${namespace}-${name}`, creationTimestamp: t0, labels: { app: name } },
    spec: {
      containers: (spec.containers ?? [{ name: 'app' }]).map(container),
      ...(spec.initContainers ? { initContainers: spec.initContainers.map(container) } : {}),
      ...(spec.node ? { nodeName: spec.node } : {}),
      restartPolicy: 'Always',
    },
    status: spec.status ?? podStatus.running(['app']),
  }
}

const base = (name: string, restartCount: number, ready: boolean): V1ContainerStatus => ({
  name,
  ready,
  restartCount,
  image: 'registry.example/app:1.0',
  imageID: 'registry.example/app@sha256:0',
})

export const containerStatus = {
  running: (name: string, restarts = 0, last?: V1ContainerStatus['lastState']): V1ContainerStatus => ({
    ...base(name, restarts, true),
    state: { running: { startedAt: t0 } },
    ...(last ? { lastState: last } : {}),
  }),
  crashLoop: (name: string, restarts: number, exitCode = 1, reason = 'Error'): V1ContainerStatus => ({
    ...base(name, restarts, false),
    state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${name}` } },
    lastState: { terminated: { exitCode, reason, startedAt: t0, finishedAt: t0 } },
  }),
  waiting: (name: string, reason: string, restarts = 0, message?: string): V1ContainerStatus => ({
    ...base(name, restarts, false),
    state: { waiting: { reason, ...(message ? { message } : {}) } },
  }),
  terminated: (name: string, reason: string, exitCode: number, restarts = 0): V1ContainerStatus => ({
    ...base(name, restarts, false),
    state: { terminated: { exitCode, reason, startedAt: t0, finishedAt: t0 } },
  }),
}

export const terminatedLast = (reason: string, exitCode: number): V1ContainerStatus['lastState'] => ({
  terminated: { exitCode, reason, startedAt: t0, finishedAt: t0 },
})

export const podStatus = {
  running: (containers: string[], restarts = 0): V1Pod['status'] => ({
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: containers.map((c) => containerStatus.running(c, restarts)),
  }),
  withContainers: (phase: string, containerStatuses: V1ContainerStatus[], init?: V1ContainerStatus[]) => ({
    phase,
    containerStatuses,
    ...(init ? { initContainerStatuses: init } : {}),
  }),
}

export interface NodeSpec {
  cpu?: string
  memory?: string
  ready?: V1NodeCondition | null
  conditions?: Partial<V1NodeCondition>[]
  unschedulable?: boolean
  taints?: V1Taint[]
}

export function node(name: string, spec: NodeSpec = {}): V1Node {
  const ready =
    spec.ready === undefined
      ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }
      : spec.ready
  const pressures = ['MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) => ({ type, status: 'False' }))
  const given = spec.conditions ?? []
  const conditions = [
    ...(ready ? [ready] : []),
    ...pressures.filter((p) => !given.some((g) => g.type === p.type)),
    ...given,
  ].map((c) => ({ lastHeartbeatTime: t0, lastTransitionTime: t0, ...c }) as V1NodeCondition)
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {
      ...(spec.unschedulable !== undefined ? { unschedulable: spec.unschedulable } : {}),
      ...(spec.taints ? { taints: spec.taints } : {}),
    },
    status: {
      capacity: { cpu: spec.cpu ?? '4', memory: spec.memory ?? '16Gi', pods: '110' },
      allocatable: { cpu: spec.cpu ?? '4', memory: spec.memory ?? '16Gi', pods: '110' },
      conditions,
    },
  }
}

// ---- AWS objects, as the describe actions return them (SDK v3 shapes plus the step's Region) ----

export type Inst = Instance & { Region?: string }

export function instance(id: string, over: Partial<Inst> = {}): Inst {
  const state = over.State?.Name ?? 'running'
  return {
    InstanceId: id,
    InstanceType: 't3.micro',
    ImageId: 'ami-0123456789abcdef0',
    LaunchTime: new Date('2026-01-15T08:30:00Z'),
    Placement: { AvailabilityZone: 'us-east-1a' },
    PrivateIpAddress: '10.0.1.15',
    SubnetId: 'subnet-0a1b2c3d',
    VpcId: 'vpc-0a1b2c3d',
    State: { Code: state === 'running' ? 16 : 80, Name: state },
    MetadataOptions: { State: 'applied', HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 2 },
    BlockDeviceMappings: [
      {
        DeviceName: '/dev/xvda',
        Ebs: { VolumeId: `vol-${id.slice(2)}`, Status: 'attached', DeleteOnTermination: true },
      },
    ],
    Tags: [],
    Region: 'us-east-1',
    ...over,
  }
}

export type Vol = Volume & { Region?: string }

export function volume(id: string, over: Partial<Vol> = {}): Vol {
  return {
    VolumeId: id,
    Size: 100,
    VolumeType: 'gp3',
    Iops: 3000,
    Throughput: 125,
    Encrypted: true,
    State: 'in-use',
    AvailabilityZone: 'us-east-1a',
    CreateTime: new Date('2026-02-01T12:00:00Z'),
    Attachments: [],
    Tags: [],
    Region: 'us-east-1',
    ...over,
  }
}

/** An object k8s.objects.find found: a node has no namespace. */
export function foundObject(
  kind: KubeKind,
  name: string,
  ns: string,
  object: Record<string, unknown> = {},
): FoundObject {
  const metadata = { name, uid: `uid-${name}`, ...(kind === 'node' ? {} : { namespace: ns }) }
  return {
    kind,
    name,
    ...(kind === 'node' ? {} : { namespace: ns }),
    uid: `uid-${name}`,
    object: { metadata, ...object },
  }
}
