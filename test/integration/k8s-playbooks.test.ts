// The Kubernetes playbooks end to end: the built CLI, the real @kubernetes/client-node, and a real kube-apiserver
// seeded with the status a kubelet, scheduler or controller would have written.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { findingsOf, pipelineSandbox, runJson } from '../support/pipeline.js'
import {
  createDeployment,
  createEvent,
  createNamespace,
  createNode,
  createPod,
  createReplicaSet,
  deploymentStatus,
  podStatus,
} from '../support/servers/seed-k8s.js'

const moto = inject('moto')
const kube = inject('kube')
const sb = pipelineSandbox({ moto, kube })
afterAll(() => sb.cleanup())
const ns = 'it-k8s'

beforeAll(async () => {
  await createNamespace(kube, ns)
  await createNode(kube, { name: 'it-node-full', cpu: '2', memory: '4Gi' })
  await createNode(kube, { name: 'it-node-down', ready: false })
  await createNode(kube, { name: 'it-node-cordoned', unschedulable: true })
  await createNode(kube, {
    name: 'it-node-mem',
    conditions: [{ type: 'MemoryPressure', status: 'True', reason: 'KubeletHasInsufficientMemory' }],
  })
  await createPod(kube, {
    namespace: ns,
    name: 'hog',
    node: 'it-node-full',
    containers: [{ name: 'app', requests: { cpu: '1900m', memory: '1Gi' } }],
    status: podStatus.running(['app']),
  })
  await createPod(kube, {
    namespace: ns,
    name: 'crasher',
    node: 'it-node-full',
    containers: [{ name: 'api', limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '50m', memory: '64Mi' } }],
    status: podStatus.crashLoop('api', { restarts: 14, exitCode: 2 }),
  })
  await createPod(kube, {
    namespace: ns,
    name: 'flaky',
    node: 'it-node-full',
    containers: [{ name: 'app', limits: { cpu: '100m', memory: '64Mi' } }],
    status: podStatus.running(['app'], { restarts: 6 }),
  })
  await createPod(kube, {
    namespace: ns,
    name: 'leaky',
    node: 'it-node-full',
    containers: [{ name: 'worker', limits: { cpu: '100m', memory: '128Mi' } }],
    status: podStatus.oomKilled('worker', { restarts: 3 }),
  })
  await createPod(kube, {
    namespace: ns,
    name: 'waiting',
    containers: [{ name: 'app', requests: { cpu: '64' } }],
    status: podStatus.unschedulable('0/4 nodes are available: 4 Insufficient cpu.'),
  })
  await createDeployment(kube, {
    namespace: ns,
    name: 'checkout',
    replicas: 3,
    status: deploymentStatus.stuck(3, 1, 'ReplicaSet "checkout-7d9" has timed out progressing.'),
  })
  await createDeployment(kube, { namespace: ns, name: 'healthy', replicas: 2, status: deploymentStatus.healthy(2) })
  await createReplicaSet(kube, { namespace: ns, name: 'checkout-7d9', deployment: 'checkout', replicas: 3, ready: 1 })
  await createEvent(kube, {
    namespace: ns,
    name: 'crasher.backoff',
    type: 'Warning',
    reason: 'BackOff',
    message: 'Back-off restarting failed container api',
    object: { kind: 'Pod', name: 'crasher', namespace: ns },
    count: 25,
  })
  await createEvent(kube, {
    namespace: ns,
    name: 'waiting.failedscheduling',
    type: 'Warning',
    reason: 'FailedScheduling',
    message: '0/4 nodes are available: 4 Insufficient cpu.',
    object: { kind: 'Pod', name: 'waiting', namespace: ns },
    count: 3,
  })
  await createEvent(kube, {
    namespace: ns,
    name: 'old.warning',
    type: 'Warning',
    reason: 'Unhealthy',
    message: 'Readiness probe failed',
    object: { kind: 'Pod', name: 'flaky', namespace: ns },
    ageSeconds: 3 * 86_400,
  })
  await createEvent(kube, {
    namespace: ns,
    name: 'normal.pulled',
    type: 'Normal',
    reason: 'Pulled',
    message: 'Successfully pulled image',
    object: { kind: 'Pod', name: 'flaky', namespace: ns },
  })
}, 60_000)

const run = (playbook: string, ...extra: string[]) =>
  runJson(sb, ['run', playbook, '--env', 'dev', '--param', `namespace=${ns}`, ...extra])

describe('the Kubernetes playbooks', () => {
  it('k8s-crashloop-pods: CrashLoopBackOff is high, frequent restarts medium; missing logs are a note', () => {
    const { code, report } = run('k8s-crashloop-pods')
    expect(code).toBe(0)
    const byPod = Object.fromEntries(findingsOf(report, 'k8s-crashloop').map((f) => [f.resource.id, f]))
    expect(byPod[`${ns}/crasher`]).toMatchObject({
      severity: 'high',
      evidence: { restarts: 14, last_exit_code: 2, waiting_reason: 'CrashLoopBackOff' },
    })
    expect(byPod[`${ns}/flaky`]?.severity).toBe('medium')
    expect(byPod[`${ns}/hog`]).toBeUndefined()
    // No kubelet serves logs here (the API server answers 500): the optional step says the log is unavailable and
    // why, instead of failing the run or claiming there is no previous log.
    const logs = report.steps.find((s) => s.id === 'logs')
    expect(logs?.status).toBe('ok')
    expect(logs?.notes?.join(' ')).toMatch(/previous log unavailable for it-k8s\/crasher.*\(tried 3 times\)/)
  })

  it('k8s-pending-pods: the scheduler message is the finding', () => {
    const { report } = run('k8s-pending-pods')
    const f = findingsOf(report, 'k8s-pending')
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({ severity: 'high', resource: { id: `${ns}/waiting` } })
    expect(f[0]?.title).toContain('Insufficient cpu')
  })

  it('k8s-node-health: NotReady, pressure and cordoned nodes', () => {
    const { report } = runJson(sb, ['run', 'k8s-node-health', '--env', 'dev'])
    const ids = findingsOf(report, 'k8s-node-conditions').map((f) => `${f.id}=${f.severity}`)
    expect(ids).toContain('k8s-node-conditions:it-node-down:not-ready=critical')
    expect(ids).toContain('k8s-node-conditions:it-node-mem:MemoryPressure=high')
    expect(ids).toContain('k8s-node-conditions:it-node-cordoned:cordoned=medium')
    expect(ids.filter((i) => i.includes('it-node-full'))).toEqual([])
  })

  it('k8s-deployment-rollout: a rollout past its deadline, with its replica set', () => {
    const { report } = run('k8s-deployment-rollout')
    const f = findingsOf(report, 'k8s-rollout')
    expect(f.map((x) => x.resource.id)).toEqual([`${ns}/checkout`])
    expect(f[0]).toMatchObject({
      severity: 'high',
      evidence: { unavailable: 2, newest_replicaset: { name: 'checkout-7d9', ready: 1 } },
    })
  })

  it('k8s-warning-events: recent warnings grouped, old and normal events left out', () => {
    const { report } = run('k8s-warning-events')
    const f = findingsOf(report, 'k8s-warning-events')
    expect(f.map((x) => x.id)).toEqual([
      `k8s-warning-events:${ns}/crasher:BackOff`,
      `k8s-warning-events:${ns}/waiting:FailedScheduling`,
    ])
    expect(f[0]?.evidence).toMatchObject({ count: 25 })
  })

  it('k8s-cpu-pressure: requests near allocatable, no metrics API said plainly', () => {
    const { code, report } = run('k8s-cpu-pressure')
    expect(code).toBe(0)
    const ids = findingsOf(report, 'k8s-cpu-pressure').map((f) => `${f.id}=${f.severity}`)
    // 1900m + 50m + 100m + 100m of 2000m: the API server defaults requests to limits where only limits are set.
    expect(ids).toContain('k8s-cpu-pressure:it-node-full:requests=critical')
    const node = report.findings.find((f) => f.id === 'k8s-cpu-pressure:it-node-full:requests')
    expect(node?.evidence).toMatchObject({ requested: '2150m', allocatable: '2000m', percent: 108 })
    expect(ids).toContain(`k8s-cpu-pressure:${ns}/hog:no-limit=low`)
    expect(ids).toContain('k8s-cpu-pressure:cluster:no-metrics=info')
  })

  it('k8s-memory-pressure: OOMKilled containers and MemoryPressure nodes', () => {
    const { report } = run('k8s-memory-pressure')
    const ids = findingsOf(report, 'k8s-memory-pressure').map((f) => `${f.id}=${f.severity}`)
    expect(ids).toContain(`k8s-memory-pressure:${ns}/leaky:worker:oomkilled=high`)
    expect(ids).toContain('k8s-memory-pressure:it-node-mem:condition=critical')
  })

  it('a forbidden required step fails the run (exit 1) naming the permission', () => {
    const r = sb.run(['run', 'k8s-node-health', '--env', 'viewer', '--json'])
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout)
    expect(report.status).toBe('failed')
    expect(report.steps[0].error).toBe('access denied; it needs list nodes')
    expect(report.error).toMatchObject({ code: 1, message: 'every required step failed; nothing could be analyzed' })
  })

  it('a forbidden step among allowed ones is a partial run (exit 5) that reports what did run', () => {
    const r = sb.run(['run', 'k8s-cpu-pressure', '--env', 'viewer', '--param', 'namespace=viewer-ns', '--json'])
    expect(r.code).toBe(5)
    const report = JSON.parse(r.stdout)
    expect(report.status).toBe('partial')
    expect(report.error).toMatchObject({
      code: 5,
      message: expect.stringMatching(/^some steps did not complete: nodes/),
    })
    const status = Object.fromEntries(report.steps.map((s: { id: string; status: string }) => [s.id, s.status]))
    expect(status).toMatchObject({ nodes: 'failed', pods: 'ok' })
    expect(r.stderr).toMatch(/some steps did not complete: nodes/)
  })
})

describe('--context, -n/--namespace for one run', () => {
  it('-n scopes the run to one namespace and the plan and audit say so', () => {
    const { code, report } = runJson(sb, ['run', 'k8s-crashloop-pods', '--env', 'dev', '-n', ns])
    expect(code).toBe(0)
    expect(report.plan.environment).toMatchObject({
      kubernetes: { context: 'cloudops-test', namespace: ns },
      overrides: { namespace: ns },
    })
    expect(findingsOf(report, 'k8s-crashloop').map((f) => f.resource.id)).toContain(`${ns}/crasher`)
    const elsewhere = runJson(sb, ['run', 'k8s-crashloop-pods', '--env', 'dev', '-n', 'kube-public'])
    expect(findingsOf(elsewhere.report, 'k8s-crashloop')).toEqual([])
    const audit = sb.run(['audit', 'show', report.run_id, '--json'])
    const planned = JSON.parse(audit.stdout).find((r: { kind: string }) => r.kind === 'plan_created')
    expect(planned.data.overrides).toEqual({ namespace: ns })
  })

  it('--context picks another context for this run: the viewer context is refused what admin may do', () => {
    const admin = runJson(sb, ['run', 'k8s-node-health', '--env', 'viewer', '--context', 'cloudops-test'])
    expect(admin.code).toBe(0)
    expect(admin.report.plan.environment.kubernetes?.context).toBe('cloudops-test')
    const viewer = runJson(sb, ['run', 'k8s-node-health', '--env', 'dev', '--context', 'cloudops-test-viewer'])
    expect(viewer.code).toBe(1)
    expect(viewer.report.steps[0]?.error).toBe('access denied; it needs list nodes')
  })

  it('a saved plan with an override applies as reviewed', () => {
    const out = `${sb.home}/scoped-plan.json`
    expect(sb.run(['plan', '--playbook', 'k8s-crashloop-pods', '--env', 'dev', '-n', ns, '--out', out]).code).toBe(0)
    const applied = runJson(sb, ['apply', out])
    expect(applied.code).toBe(0)
    expect(findingsOf(applied.report, 'k8s-crashloop').map((f) => f.resource.id)).toContain(`${ns}/crasher`)
  })
})

describe('a configuration that cannot work', () => {
  it('a kube context the kubeconfig lacks is a usage error (exit 2) naming the contexts it has; the right one runs', () => {
    expect(sb.run(['config', 'set', 'environments.ghost.kubernetes.context', 'prod-eks']).code).toBe(0)
    const r = sb.run(['run', 'k8s-node-health', '--env', 'ghost', '--json'])
    expect(r.code).toBe(2)
    const { error } = JSON.parse(r.stdout)
    expect(error.code).toBe(2)
    expect(error.message).toMatch(
      /kube context "prod-eks" \(environment ghost\) is not in your kubeconfig .*it has: cloudops-test, cloudops-test-viewer/,
    )
    expect(error.hint).toContain('environments.ghost.kubernetes.context')
    const human = sb.run(['run', 'k8s-node-health', '--env', 'ghost'])
    expect(human.code).toBe(2)
    expect(human.stderr).toMatch(/^Error: kube context "prod-eks"/m)
    expect(sb.run(['run', 'k8s-node-health', '--env', 'ghost', '--context', 'cloudops-test']).code).toBe(0)
  })
})
