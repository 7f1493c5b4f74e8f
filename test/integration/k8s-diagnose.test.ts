// "What's wrong with X?" end to end: the built CLI, the real client, and a real kube-apiserver holding each kind of
// object, broken and healthy. No controller runs here, so ownerReferences and status are written as the
// controllers and kubelets would write them.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { pipelineSandbox, runJson } from '../support/pipeline.js'
import {
  createJob,
  createOwnedPod,
  createSecret,
  createService,
  createWorkload,
  ownedBy,
  seedCrashloopingDeployment,
  seedStatefulSetOnUnboundClaim,
} from '../support/servers/seed-diagnose.js'
import { createNamespace, createNode, podStatus } from '../support/servers/seed-k8s.js'

const moto = inject('moto')
const kube = inject('kube')
const sb = pipelineSandbox({ moto, kube })
afterAll(() => sb.cleanup())
const ns = 'it-diag'
const secretValue = 'sup3r-s3cret-Value'

beforeAll(async () => {
  await createNamespace(kube, ns)
  await createNamespace(kube, 'it-diag-b')
  await createNode(kube, { name: 'it-diag-node' })
  await createNode(kube, { name: 'it-diag-node-down', ready: false })

  // A Deployment with a ReplicaSet and three pods, two crash-looping; a Service of the same name selects them.
  await seedCrashloopingDeployment(kube, ns, 'it-diag-node')
  // A StatefulSet whose pod waits on an unbound claim.
  await seedStatefulSetOnUnboundClaim(kube, ns)

  // A Service whose selector matches no pod, and a healthy Deployment next to it.
  await createService(kube, { namespace: ns, name: 'web', selector: { app: 'web' } })
  const quiet = await createWorkload(kube, 'Deployment', {
    namespace: ns,
    name: 'quiet',
    labels: { app: 'quiet' },
    spec: { replicas: 1 },
    status: { replicas: 1, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 1 },
  })
  const quietRs = await createWorkload(kube, 'ReplicaSet', {
    namespace: ns,
    name: 'quiet-5f6d7c8b9',
    labels: { app: 'quiet' },
    owners: ownedBy('apps/v1', 'Deployment', quiet),
    status: { replicas: 1, readyReplicas: 1 },
  })
  await createSecret(kube, { namespace: ns, name: 'quiet-db', value: secretValue })
  await createOwnedPod(kube, {
    namespace: ns,
    name: 'quiet-5f6d7c8b9-x4z2q',
    labels: { app: 'quiet' },
    owners: ownedBy('apps/v1', 'ReplicaSet', quietRs),
    node: 'it-diag-node',
    secretEnv: 'quiet-db',
    status: podStatus.running(['app']),
  })

  // A pod named with a category word that needs a Secret nobody created.
  await createOwnedPod(kube, {
    namespace: ns,
    name: 'data-processor',
    secretEnv: 'processor-creds',
    node: 'it-diag-node-down',
    status: {
      phase: 'Pending',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 0,
          image: 'registry.example/app:1.0',
          imageID: '',
          state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "processor-creds" not found' } },
        },
      ],
    },
  })

  // A failed Job, and the same name in two namespaces.
  await createJob(kube, { namespace: ns, name: 'nightly-backup', status: { failed: 1 } })
  await createWorkload(kube, 'Deployment', { namespace: ns, name: 'twin', labels: { app: 'twin' } })
  await createWorkload(kube, 'Deployment', { namespace: 'it-diag-b', name: 'twin', labels: { app: 'twin' } })
}, 60_000)

const diagnose = (name: string, ...extra: string[]) =>
  runJson(sb, ['run', 'k8s-diagnose', '--env', 'dev', '--param', `name=${name}`, ...extra])

const verdictOf = (report: { findings: { id: string; title: string; severity: string }[] }) => report.findings[0]

describe('k8s-diagnose', () => {
  it('a crash-looping Deployment: the verdict counts its pods and gives the exit code', () => {
    const { code, report } = diagnose('payment-api', '--param', `namespace=${ns}`)
    expect(code).toBe(0)
    expect(report.steps.map((s) => `${s.id}=${s.status}`)).toEqual([
      'target=ok',
      'pods=ok',
      'context=ok',
      'references=ok',
      'logs=ok',
    ])
    expect(verdictOf(report)).toMatchObject({ id: `k8s-diagnose:${ns}/payment-api`, severity: 'high' })
    expect(verdictOf(report)?.title).toMatch(
      /^deployment it-diag\/payment-api: 2 of 3 pods in CrashLoopBackOff, exit 1/,
    )
  })

  it('finds the Deployment from a pod name with its ReplicaSet hash, even when that pod is gone', () => {
    const { code, report } = diagnose('payment-api-7d9f8b6c5-zzzzz', '--param', `namespace=${ns}`)
    expect(code).toBe(0)
    expect(verdictOf(report)?.id).toBe(`k8s-diagnose:${ns}/payment-api`)
  })

  it('a StatefulSet pod pending on an unbound claim', () => {
    const { report } = diagnose('ledger', '--param', `namespace=${ns}`)
    expect(verdictOf(report)?.severity).toBe('high')
    const text = report.findings.map((f) => f.title).join('\n')
    expect(text).toMatch(/ledger-data/)
    expect(text).toMatch(/unbound immediate PersistentVolumeClaims/)
  })

  it('a Service that selects no pod', () => {
    const { report } = diagnose('web', '--param', `namespace=${ns}`, '--param', 'kind=service')
    expect(verdictOf(report)).toMatchObject({ id: `k8s-diagnose:${ns}/web`, severity: 'high' })
    expect(verdictOf(report)?.title).toMatch(/web/)
  })

  it('a healthy Deployment says so, and what it checked; a Secret it reads is known by existence only', () => {
    const r = sb.run(['run', 'k8s-diagnose', '--env', 'dev', '--param', 'name=quiet', '--json'])
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(verdictOf(report)).toMatchObject({ id: `k8s-diagnose:${ns}/quiet`, severity: 'info' })
    expect(verdictOf(report)?.title).toMatch(/healthy/)
    expect(report.findings.filter((f: { severity: string }) => f.severity !== 'info')).toEqual([])
    expect(r.stdout + r.stderr).not.toContain(secretValue)
    expect(r.stdout + r.stderr).not.toContain(Buffer.from(secretValue).toString('base64'))
  })

  it('a pod whose Secret is missing, on a NotReady node, through `ask --provider offline`', () => {
    const { code, report } = runJson(sb, [
      'ask',
      '--provider',
      'offline',
      '--env',
      'dev',
      `what's wrong with the data-processor pod in namespace ${ns}?`,
    ])
    expect(code).toBe(0)
    expect(report.plan.playbook.name).toBe('k8s-diagnose')
    const text = report.findings.map((f) => `${f.severity} ${f.title}`).join('\n')
    expect(text).toMatch(/processor-creds/)
    expect(text).toMatch(/it-diag-node-down/)
  })

  it('a failed Job', () => {
    const { report } = diagnose('nightly-backup', '--param', `namespace=${ns}`)
    expect(verdictOf(report)).toMatchObject({ id: `k8s-diagnose:${ns}/nightly-backup`, severity: 'high' })
  })

  it('a node', () => {
    const { report } = diagnose('it-diag-node-down', '--param', 'kind=node')
    expect(verdictOf(report)).toMatchObject({ id: 'k8s-diagnose:it-diag-node-down', severity: 'critical' })
  })

  it('a name in two namespaces: exit 3 listing both', () => {
    const r = sb.run(['run', 'k8s-diagnose', '--env', 'dev', '--param', 'name=twin'])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('deployment it-diag/twin')
    expect(r.stderr).toContain('deployment it-diag-b/twin')
    expect(r.stderr).toMatch(/namespace/)
    const json = sb.run(['run', 'k8s-diagnose', '--env', 'dev', '--param', 'name=twin', '--json'])
    expect(json.code).toBe(3)
  })

  it('no such object: exit 3 naming what was searched, with the close names', () => {
    const r = sb.run([
      'run',
      'k8s-diagnose',
      '--env',
      'dev',
      '--param',
      'name=payment-apj',
      '--param',
      `namespace=${ns}`,
    ])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('no object named "payment-apj" in namespace it-diag')
    expect(r.stderr).toContain('payment-api')
  })

  it('without a name the plan is refused before anything runs (exit 2)', () => {
    const r = sb.run(['run', 'k8s-diagnose', '--env', 'dev'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/name/)
  })
})
