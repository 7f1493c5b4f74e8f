// doctor's per-environment checks without any server: what it says when a profile, a kube context or a kubeconfig
// is missing, or a cluster is down, with the real SDKs and the built CLI. The ✓ side (moto, kube-apiserver) is in
// test/integration/doctor.test.ts.

import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import type { CheckResult } from '../../src/doctor/check.js'
import { cliSandbox } from '../support/cli.js'
import { writeKubeconfig } from '../support/kubeconfig.js'

const sb = cliSandbox()
afterAll(() => sb.cleanup())
const kubeconfig = join(sb.home, 'kubeconfig')
const guard = ['--import', new URL('../support/forbid-heavy-modules.mjs', import.meta.url).href]

function configure(...lines: string[]) {
  mkdirSync(join(sb.env.XDG_CONFIG_HOME as string, 'cloudops'), { recursive: true })
  writeFileSync(
    join(sb.env.XDG_CONFIG_HOME as string, 'cloudops', 'config.yaml'),
    ['environments:', ...lines, ''].join('\n'),
  )
}

const kubeconfigFor = (server: string, contexts = ['kind-dev', 'staging']) =>
  writeKubeconfig(kubeconfig, server, contexts)

/** What `doctor --json` prints for each check: the service's own result type. */
type Check = CheckResult

function doctorJson(env: Record<string, string | undefined> = {}) {
  const r = sb.run(['doctor', '--json'], { env: { KUBECONFIG: kubeconfig, ...env } })
  const checks: Check[] = JSON.parse(r.stdout).checks
  return { ...r, checks, check: (name: string) => checks.find((c) => c.name === name) }
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

beforeEach(() => kubeconfigFor('https://127.0.0.1:1'))

describe('doctor, per environment', () => {
  it('names a missing AWS profile and a missing kube context, with the fix for each, and exits 1', () => {
    configure('  prod:', '    aws: { profile: ghost, regions: [us-east-1] }', '    kubernetes: { context: prod-eks }')
    const r = sb.run(['doctor'], { env: { KUBECONFIG: kubeconfig } })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('✗ aws (prod): profile "ghost" is not in ~/.aws/config or ~/.aws/credentials')
    expect(r.stdout).toContain('fix: Run `aws configure --profile ghost`')
    expect(r.stdout).toContain(
      `✗ kubernetes (prod): kube context "prod-eks" (environment prod) is not in your kubeconfig (KUBECONFIG=${kubeconfig}); it has: kind-dev, staging`,
    )
    expect(r.stdout).toContain('environments.prod.kubernetes.context')
    expect(r.stderr).toContain('doctor found 2 problems: aws (prod), kubernetes (prod)')
    // The checks that were there before are all still there, in their order.
    const names = JSON.parse(sb.run(['doctor', '--json'], { env: { KUBECONFIG: kubeconfig } }).stdout).checks.map(
      (c: Check) => c.name,
    )
    expect(names).toEqual([
      'node',
      'config',
      'config dir',
      'audit log dir',
      'cache dir',
      'signing key',
      'LLM provider',
      'aws (prod)',
      'kubernetes (prod)',
      'policy',
      'audit log',
    ])
  })

  it('checks each account and each context of a fleet environment, named by its place', () => {
    configure(
      '  prod:',
      '    aws: { regions: [us-east-1], accounts: [{ profile: ghost-a }, { profile: ghost-b }] }',
      '    kubernetes: { contexts: [kind-dev, prod-eks] }',
    )
    const { checks, check } = doctorJson()
    expect(checks.filter((c) => c.environment === 'prod').map((c) => c.name)).toEqual([
      'aws (prod/ghost-a)',
      'aws (prod/ghost-b)',
      'kubernetes (prod/kind-dev)',
      'kubernetes (prod/prod-eks)',
    ])
    expect(check('aws (prod/ghost-b)')?.detail).toMatch(/profile "ghost-b" is not in ~\/.aws\/config/)
    expect(check('kubernetes (prod/prod-eks)')?.detail).toMatch(
      /kube context "prod-eks" \(environment prod\) is not in/,
    )
    // The context that exists is probed at its server (nothing listens there), not refused as missing.
    expect(check('kubernetes (prod/kind-dev)')?.detail).not.toMatch(/is not in your kubeconfig/)
  })

  it('says a profile named by AWS_PROFILE is missing, and that there are no credentials at all', () => {
    configure('  prod:', '    aws: { regions: [us-east-1] }')
    const viaVar = doctorJson({ AWS_PROFILE: 'oncall' }).check('aws (prod)')
    expect(viaVar).toMatchObject({ ok: false, environment: 'prod' })
    expect(viaVar?.detail).toBe('profile "oncall" (from AWS_PROFILE) is not in ~/.aws/config or ~/.aws/credentials')
    const none = doctorJson().check('aws (prod)')
    expect(none?.detail).toMatch(/^no AWS credentials found/)
    expect(none?.fix).toMatch(/AWS_PROFILE or AWS_ACCESS_KEY_ID/)
  })

  it('tells a profile that exists but holds no credentials from one that is missing', () => {
    mkdirSync(join(sb.home, '.aws'), { recursive: true })
    writeFileSync(join(sb.home, '.aws', 'config'), '[profile half]\nregion = us-east-1\n')
    configure('  prod:', '    aws: { profile: half }')
    const c = doctorJson().check('aws (prod)')
    expect(c?.detail).toMatch(/^profile "half" has no usable credentials/)
    expect(c?.fix).toContain('aws configure --profile half')
  })

  it('keeps the SDK quiet on stderr: no Node version notice, no "multiple credential sources" warning', () => {
    configure('  prod:', '    aws: { profile: ghost }')
    const r = sb.run(['doctor'], {
      env: { KUBECONFIG: kubeconfig, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) },
    })
    expect(r.stdout).toContain('profile "ghost" is not in')
    expect(r.stderr).not.toMatch(/NodeVersionSupportWarning|WARNING|Multiple credential sources|@aws-sdk/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1) // the one error line
  })

  it('says where it looked when there is no kubeconfig at all', () => {
    configure('  dev:', '    kubernetes: { context: kind-dev }')
    const c = doctorJson({ KUBECONFIG: undefined }).check('kubernetes (dev)')
    expect(c).toMatchObject({
      ok: false,
      detail: 'no kubeconfig: KUBECONFIG is not set and ~/.kube/config does not exist',
    })
    const missing = doctorJson({ KUBECONFIG: join(sb.home, 'nope.yaml') }).check('kubernetes (dev)')
    expect(missing?.detail).toBe(`KUBECONFIG names ${join(sb.home, 'nope.yaml')}, which does not exist`)
  })

  it('says a cluster that is down is down, in one line', async () => {
    const port = await closedPort()
    kubeconfigFor(`https://127.0.0.1:${port}`)
    configure('  dev:', '    kubernetes: { context: kind-dev }')
    const c = doctorJson().check('kubernetes (dev)')
    expect(c).toMatchObject({
      ok: false,
      detail: `cannot reach https://127.0.0.1:${port} (context kind-dev): connection refused`,
    })
    expect(c?.fix).toContain('kubectl cluster-info --context kind-dev')
  })

  it('warns about an environment that configures neither aws nor kubernetes, without failing', () => {
    configure('  scratch: {}')
    const r = doctorJson()
    expect(r.code).toBe(0)
    expect(r.check('environment (scratch)')).toMatchObject({ ok: true, warning: true, environment: 'scratch' })
    expect(r.check('environment (scratch)')?.fix).toContain('environments.scratch.aws')
    expect(sb.run(['doctor'], { env: { KUBECONFIG: kubeconfig } }).stdout).toContain('! environment (scratch):')
  })

  it('loads the AWS SDK only for an environment with aws, and the Kubernetes client only for one with kubernetes', () => {
    configure('  dev:', '    kubernetes: { context: kind-dev }')
    const kubeOnly = sb.run(['doctor'], { nodeArgs: guard, env: { KUBECONFIG: kubeconfig } })
    // The client is the bundle's one file of it (scripts/bundle.js): dist/bundle/k8s-client.js.
    expect(kubeOnly.stderr).toMatch(/^FORBIDDEN-MODULE-LOADED \S*k8s-client\.js$/m)
    expect(kubeOnly.stderr).not.toContain('FORBIDDEN-MODULE-LOADED @aws-sdk')
    configure('  prod:', '    aws: { profile: ghost }')
    const awsOnly = sb.run(['doctor'], { nodeArgs: guard, env: { KUBECONFIG: kubeconfig } })
    expect(awsOnly.stderr).toContain('FORBIDDEN-MODULE-LOADED @aws-sdk/client-sts')
    expect(awsOnly.stderr).not.toMatch(/FORBIDDEN-MODULE-LOADED (@kubernetes|\S*k8s-client\.js)/)
  })
})
