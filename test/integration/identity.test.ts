// The audit actor learns who a run acts as: aws_arn (STS) from the first AWS step on, kube_user (SelfSubjectReview)
// from the first Kubernetes step on, once per run; failing to learn never fails the run. And a run whose AWS profile
// is missing says so in one line with the fix, not in the SDK's words. Real moto, real kube-apiserver, built CLI.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { pipelineSandbox, runJson } from '../support/pipeline.js'
import { resetMoto } from '../support/servers/moto.js'
import { createSecurityGroup, ec2, tcp } from '../support/servers/seed-aws.js'

const moto = inject('moto')
const kube = inject('kube')
const sb = pipelineSandbox({ moto, kube })
afterAll(() => sb.cleanup())

interface AuditRecord {
  seq: number
  run_id: string
  kind: string
  actor: {
    user: string
    host: string
    tool_version: string
    aws_arn?: string
    kube_user?: string
    kube_context?: string
  }
  data: Record<string, unknown>
}

const auditLog = () => join(sb.env.XDG_STATE_HOME as string, 'cloudops', 'audit.jsonl')
function recordsOf(runId: string): AuditRecord[] {
  return readFileSync(auditLog(), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditRecord)
    .filter((r) => r.run_id === runId)
}

/** The records of a run from the end of its first step on, and the ones before. */
function splitAtFirstStep(records: AuditRecord[]) {
  const first = records.findIndex((r) => r.kind === 'step_finished')
  expect(first).toBeGreaterThan(0)
  return { before: records.slice(0, first), after: records.slice(first) }
}

const playbooks = join(sb.home, 'playbooks')
beforeAll(async () => {
  await resetMoto(moto.endpoint)
  await createSecurityGroup(ec2(moto.endpoint, 'us-east-1'), 'ssh-world', [tcp(22, '0.0.0.0/0')])
  // A playbook whose own first step asks STS who we are: the run must reuse that answer, not ask again.
  mkdirSync(playbooks, { recursive: true })
  writeFileSync(
    join(playbooks, 'whoami-then-groups.yaml'),
    `apiVersion: cloudops/v1
kind: Playbook
metadata: { name: whoami-then-groups, version: 1.0.0, description: Caller identity then security groups., provider: aws }
match: { intent_types: [audit], resource_types: [aws_security_group] }
steps:
  - { id: who, action: aws.sts.get_caller_identity }
  - { id: groups, action: aws.ec2.describe_security_groups, region: us-east-1 }
analyze:
  - { analyzer: sg-open-ingress, inputs: { groups: groups } }
`,
  )
})

describe('the audit actor learns who the run acts as', () => {
  it('an AWS run: every record from the end of its first step carries aws_arn, and none before', () => {
    const { code, report } = runJson(sb, ['run', 'aws-security-group-exposure', '--env', 'dev'])
    expect(code).toBe(0)
    const records = recordsOf(report.run_id)
    const { before, after } = splitAtFirstStep(records)
    for (const r of before) expect(r.actor.aws_arn, r.kind).toBeUndefined()
    for (const r of after) expect(r.actor.aws_arn, r.kind).toMatch(/^arn:aws:(sts|iam)::123456789012:/)
    expect(after.map((r) => r.kind)).toContain('run_finished')
    for (const r of records) {
      expect(r.actor).toMatchObject({ user: expect.any(String), tool_version: expect.any(String) })
      expect(r.actor.kube_user).toBeUndefined()
    }
    // Two regions, one describe call each, and one STS call for the whole run (not one per region).
    expect(report.summary.api_calls).toBe(3)
  })

  it("a plan with its own STS step: its answer is the actor's, and no other STS call is made", () => {
    const { code, report } = runJson(sb, ['run', 'whoami-then-groups', '--env', 'dev', '--playbooks', playbooks])
    expect(code, JSON.stringify(report.steps)).toBe(0)
    expect(report.summary.api_calls).toBe(2) // the STS step and the describe step: nothing else
    // The other steps do not wait for the STS step (it may end after them): every record from its end on carries
    // its answer.
    const records = recordsOf(report.run_id)
    const stsEnd = records.findIndex((r) => r.kind === 'step_finished' && r.data.step === 'who')
    expect(stsEnd).toBeGreaterThan(0)
    for (const r of records.slice(stsEnd)) expect(r.actor.aws_arn, r.kind).toMatch(/^arn:aws:(sts|iam)::123456789012:/)
  })

  it('a Kubernetes run: kube_user and kube_context from the end of its first step, per context', () => {
    const admin = runJson(sb, ['run', 'k8s-crashloop-pods', '--env', 'dev'])
    expect(admin.code).toBe(0)
    const { before, after } = splitAtFirstStep(recordsOf(admin.report.run_id))
    for (const r of before) expect(r.actor.kube_user, r.kind).toBeUndefined()
    for (const r of after) expect(r.actor, r.kind).toMatchObject({ kube_user: 'admin', kube_context: 'cloudops-test' })
    for (const r of after) expect(r.actor.aws_arn).toBeUndefined()

    const viewer = runJson(sb, ['run', 'k8s-crashloop-pods', '--env', 'viewer', '--param', 'namespace=viewer-ns'])
    expect(viewer.code, JSON.stringify(viewer.report.steps)).toBe(0)
    const last = recordsOf(viewer.report.run_id).at(-1)
    expect(last).toMatchObject({
      kind: 'run_finished',
      actor: { kube_user: 'viewer', kube_context: 'cloudops-test-viewer' },
    })
  })

  it('a missing AWS profile: each step says so in one line with the fix; no raw SDK text; no aws_arn', () => {
    const config = join(sb.env.XDG_CONFIG_HOME as string, 'cloudops', 'config.yaml')
    const saved = readFileSync(config, 'utf8')
    writeFileSync(config, `${saved}  prod:\n    aws: { profile: prod, regions: [us-east-1] }\n`)
    try {
      // moto's keys stay in the environment: the SDK would warn about two credential sources on stderr.
      const { code, report, stderr } = runJson(sb, ['run', 'aws-security-group-exposure', '--env', 'prod'])
      expect(code).not.toBe(0)
      expect(report.steps).toHaveLength(1)
      expect(report.steps[0]).toMatchObject({
        status: 'failed',
        error:
          'profile "prod" is not in ~/.aws/config or ~/.aws/credentials; fix: Run `aws configure --profile prod` (or `aws configure sso --profile prod`), or change environments.prod.aws.profile in config.yaml.',
      })
      expect(stderr).not.toMatch(/CredentialsProviderError|Could not resolve|NodeVersionSupportWarning|WARNING/)
      for (const r of recordsOf(report.run_id)) expect(r.actor.aws_arn).toBeUndefined()

      // The same environment once the profile exists: the step succeeds and the actor has the ARN.
      mkdirSync(join(sb.home, '.aws'), { recursive: true })
      writeFileSync(join(sb.home, '.aws', 'credentials'), '[prod]\naws_access_key_id = t\naws_secret_access_key = t\n')
      const ok = runJson(sb, ['run', 'aws-security-group-exposure', '--env', 'prod'])
      expect(ok.code).toBe(0)
      expect(ok.stderr).not.toMatch(/WARNING|NodeVersionSupportWarning/)
      expect(recordsOf(ok.report.run_id).at(-1)?.actor.aws_arn).toMatch(/^arn:aws:/)
    } finally {
      writeFileSync(config, saved)
    }
  })

  it('every run above left a valid audit chain', () => {
    const r = sb.run(['audit', 'verify', '--json'])
    expect(r.code, r.stdout).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true })
  })
})
