// `cloudops doctor` against a real moto (STS GetCallerIdentity through AWS_ENDPOINT_URL) and a real kube-apiserver
// (GET /version, SelfSubjectReview): each configured environment gets ✓ with who you are, or one line and the fix.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { parse, stringify } from 'yaml'
import type { CheckResult } from '../../src/doctor/check.js'
import { pipelineSandbox } from '../support/pipeline.js'

const moto = inject('moto')
const kube = inject('kube')
const sb = pipelineSandbox({ moto, kube })
afterAll(() => sb.cleanup())

const motoArn = /^arn:aws:(sts|iam)::123456789012:/
// The AWS credentials come from a profile in ~/.aws/credentials, not from the environment.
const noEnvKeys = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined }
mkdirSync(join(sb.home, '.aws'), { recursive: true })
writeFileSync(
  join(sb.home, '.aws', 'credentials'),
  '[prod]\naws_access_key_id = testing\naws_secret_access_key = testing\n',
)

function configure(...lines: string[]) {
  writeFileSync(
    join(sb.env.XDG_CONFIG_HOME as string, 'cloudops', 'config.yaml'),
    ['environments:', ...lines, ''].join('\n'),
  )
}

/** What `doctor --json` prints for each check: the service's own result type. */
type Check = CheckResult

function doctor(env: Record<string, string | undefined> = {}) {
  const human = sb.run(['doctor'], { env })
  const json = sb.run(['doctor', '--json'], { env })
  const checks: Check[] = JSON.parse(json.stdout).checks
  return { human, json, checks, check: (name: string) => checks.find((c) => c.name === name) }
}

const sdkNoise = /NodeVersionSupportWarning|WARNING|Multiple credential sources|@aws-sdk|at .*node_modules/

describe('doctor on configured environments', () => {
  it('shows the AWS ARN behind a profile and the Kubernetes user and server version behind a context', () => {
    configure(
      '  prod:',
      '    aws: { profile: prod, regions: [eu-west-1] }',
      '    kubernetes: { context: cloudops-test }',
      '  viewer:',
      '    kubernetes: { context: cloudops-test-viewer }',
    )
    const r = doctor(noEnvKeys)
    expect(r.human.code, r.human.stdout + r.human.stderr).toBe(0)
    expect(r.human.stdout).toMatch(
      new RegExp(
        `✓ aws \\(prod\\): arn:aws:\\S+::123456789012:\\S+ \\(profile prod, eu-west-1, endpoint ${moto.endpoint}\\)`,
      ),
    )
    expect(r.human.stdout).toMatch(
      /✓ kubernetes \(prod\): admin on v1\.\d+\.\d+\S* at https:\/\/127\.0\.0\.1:\d+ \(context cloudops-test\)/,
    )
    expect(r.human.stdout).toContain('✓ kubernetes (viewer): viewer on v1.')
    expect(r.human.stderr).toBe('')
    expect(r.check('aws (prod)')).toMatchObject({
      ok: true,
      environment: 'prod',
      data: { profile: 'prod', region: 'eu-west-1' },
    })
    expect(r.check('aws (prod)')?.data?.arn).toMatch(motoArn)
    expect(r.check('aws (prod)')?.data?.account).toBe('123456789012')
    expect(r.check('kubernetes (prod)')).toMatchObject({
      ok: true,
      data: {
        user: 'admin',
        context: 'cloudops-test',
        server: kube.server,
        groups: expect.arrayContaining(['system:masters']),
      },
    })
    expect(r.check('kubernetes (prod)')?.data?.server_version).toMatch(/^v1\.\d+/)
    expect(r.check('kubernetes (viewer)')?.data?.user).toBe('viewer')
  })

  it('names a missing profile and a missing context, with the fix for each, and exits 1', () => {
    configure('  prod:', '    aws: { profile: staging }', '    kubernetes: { context: prod-eks }')
    const r = doctor(noEnvKeys)
    expect(r.human.code).toBe(1)
    expect(r.human.stdout).toContain('✗ aws (prod): profile "staging" is not in ~/.aws/config or ~/.aws/credentials')
    expect(r.human.stdout).toContain('fix: Run `aws configure --profile staging`')
    expect(r.human.stdout).toMatch(
      /✗ kubernetes \(prod\): kube context "prod-eks" \(environment prod\) is not in your kubeconfig \(KUBECONFIG=\S+\); it has: cloudops-test, cloudops-test-viewer/,
    )
    expect(r.human.stderr.trim()).toBe(
      'Error: doctor found 2 problems: aws (prod), kubernetes (prod) — Apply the fixes shown above, then run `cloudops doctor` again.',
    )
    expect(r.json.code).toBe(1)
    expect(r.check('kubernetes (prod)')?.data).toEqual({
      available_contexts: ['cloudops-test', 'cloudops-test-viewer'],
    })
  })

  it('no credentials at all: says so and how to give some; the default chain with keys in the environment: ✓', () => {
    configure('  dev:', '    aws: { regions: [us-east-1] }')
    const none = doctor(noEnvKeys)
    expect(none.human.code).toBe(1)
    expect(none.check('aws (dev)')?.detail).toMatch(/^no AWS credentials found/)
    expect(none.check('aws (dev)')?.fix).toMatch(/AWS_PROFILE or AWS_ACCESS_KEY_ID/)
    const keys = doctor()
    expect(keys.human.code).toBe(0)
    expect(keys.check('aws (dev)')?.detail).toMatch(/^arn:aws:\S+ \(AWS_ACCESS_KEY_ID, us-east-1, endpoint /)
  })

  it('a profile and AWS_ACCESS_KEY_ID both set: ✓, says the profile wins, and the SDK prints nothing', () => {
    configure('  prod:', '    aws: { profile: prod }')
    const r = doctor() // moto's keys are in the environment too
    expect(r.human.code).toBe(0)
    expect(r.check('aws (prod)')?.detail).toContain('AWS_ACCESS_KEY_ID is set too: the profile wins')
    expect(r.human.stderr).not.toMatch(sdkNoise)
    expect(r.json.stderr).not.toMatch(sdkNoise)
  })

  it('STS unreachable: one line naming the endpoint; reachable: ✓', () => {
    configure('  prod:', '    aws: { profile: prod }')
    const down = doctor({ ...noEnvKeys, AWS_ENDPOINT_URL: 'http://127.0.0.1:1' })
    expect(down.check('aws (prod)')).toMatchObject({
      ok: false,
      detail: 'cannot reach STS (profile prod, us-east-1, endpoint http://127.0.0.1:1): connection refused',
    })
    expect(down.human.stderr).not.toMatch(sdkNoise)
    expect(doctor(noEnvKeys).check('aws (prod)')?.ok).toBe(true)
  })

  it('rejected Kubernetes credentials: 401 and the fix; the same cluster with good ones: ✓', () => {
    const config = parse(readFileSync(sb.env.KUBECONFIG as string, 'utf8'))
    config.users.push({ name: 'stale', user: { token: 'expired-token-0000' } })
    config.contexts.push({ name: 'stale', context: { cluster: 'cloudops-test', user: 'stale' } })
    const stale = join(sb.home, 'stale.kubeconfig')
    writeFileSync(stale, stringify(config))
    configure('  prod:', '    kubernetes: { context: stale }', '  dev:', '    kubernetes: { context: cloudops-test }')
    const r = doctor({ KUBECONFIG: stale })
    expect(r.check('kubernetes (prod)')).toMatchObject({
      ok: false,
      detail: `${kube.server} (context stale) rejected the credentials of context stale (401 Unauthorized)`,
    })
    expect(r.check('kubernetes (prod)')?.fix).toContain('kubectl --context stale auth whoami')
    expect(r.check('kubernetes (dev)')).toMatchObject({ ok: true, data: { user: 'admin' } })
    expect(r.human.stderr).toContain('doctor found 1 problem: kubernetes (prod)')
  })
})
