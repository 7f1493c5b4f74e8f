// A CLI sandbox wired to the test servers: config.yaml with a "dev" environment on moto (two regions) and the
// kube-apiserver (admin context), and a "viewer" environment with the read-only kube user.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse, stringify } from 'yaml'
import type { RunReport } from '../../src/report/types.js'
import { validatorFor } from '../../src/schema/validator.js'
import { cliSandbox, type Sandbox } from './cli.js'
import { motoEnv } from './servers/moto.js'

export interface Servers {
  moto: { endpoint: string }
  kube: { kubeconfig: string; restrictedKubeconfig: string }
}

export const regions = ['us-east-1', 'eu-west-1']

export function pipelineSandbox(servers: Servers): Sandbox {
  const sb = cliSandbox()
  mkdirSync(join(sb.env.XDG_CONFIG_HOME as string, 'cloudops'), { recursive: true })
  writeFileSync(
    join(sb.env.XDG_CONFIG_HOME as string, 'cloudops', 'config.yaml'),
    [
      'environments:',
      '  dev:',
      `    aws: { regions: [${regions.join(', ')}] }`,
      '    kubernetes: { context: cloudops-test }',
      '  viewer:',
      '    aws: { regions: [us-east-1] }',
      '    kubernetes: { context: cloudops-test-viewer }',
      '',
    ].join('\n'),
  )
  const kubeconfig = join(sb.home, 'kubeconfig')
  writeFileSync(kubeconfig, mergedKubeconfig(servers.kube.kubeconfig, servers.kube.restrictedKubeconfig))
  Object.assign(sb.env, motoEnv(servers.moto.endpoint), { KUBECONFIG: kubeconfig })
  return sb
}

export function runJson(sb: Sandbox, args: string[]): { code: number; report: RunReport; stderr: string } {
  const r = sb.run([...args, '--json'])
  let report: RunReport
  try {
    report = JSON.parse(r.stdout)
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout.slice(0, 500)}\n${r.stderr.slice(0, 2000)}`)
  }
  // Every report a test reads is held to the contract's shape (schemas/run-report.schema.json).
  const validate = validatorFor('run-report')
  if (!validate(report)) throw new Error(`report breaks run-report.schema.json: ${JSON.stringify(validate.errors)}`)
  return { code: r.code, report, stderr: r.stderr }
}

export const findingsOf = (report: RunReport, analyzer: string) =>
  report.findings.filter((f) => f.id.startsWith(`${analyzer}:`))

/** One kubeconfig with both users and contexts (client-node refuses two files naming the same cluster). */
function mergedKubeconfig(admin: string, viewer: string): string {
  const a = parse(readFileSync(admin, 'utf8'))
  const v = parse(readFileSync(viewer, 'utf8'))
  return stringify({ ...a, users: [...a.users, ...v.users], contexts: [...a.contexts, ...v.contexts] })
}
