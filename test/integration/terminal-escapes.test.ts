// Cloud data that carries terminal escapes (AWS accepts a security group named "evil\e]52;…", a Kubernetes event
// message can hold anything) never reaches the terminal as control characters, in any output format; JSON and YAML
// still carry the exact value.
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { parse } from 'yaml'
import type { RunReport } from '../../src/report/types.js'
import { pipelineSandbox } from '../support/pipeline.js'
import { resetMoto } from '../support/servers/moto.js'
import { createSecurityGroup, ec2, tcp } from '../support/servers/seed-aws.js'
import { createEvent, createNamespace } from '../support/servers/seed-k8s.js'
import { interpreted, withoutOwnColour } from '../support/terminal.js'

const moto = inject('moto')
const kube = inject('kube')
const sb = pipelineSandbox({ moto, kube })
afterAll(() => sb.cleanup())

// Clear the screen, write the clipboard (OSC 52), a C1 CSI, a bidi override, a carriage return.
const hostile = 'evil\u001b[2J\u001b]52;c;Y3VybCBldmlsLnNo\u0007name\u009b31m\u202eexe.txt\r'
const formats = ['table', 'markdown', 'yaml', 'json'] as const

function expectSafe(r: { stdout: string; stderr: string }) {
  expect(r.stdout).not.toMatch(interpreted)
  expect(r.stderr).not.toMatch(interpreted)
}

describe('a security group whose name and tag carry escapes', () => {
  let id = ''
  beforeAll(async () => {
    await resetMoto(moto.endpoint)
    id = await createSecurityGroup(ec2(moto.endpoint, 'us-east-1'), hostile, [tcp(22, '0.0.0.0/0')], { Name: hostile })
  })

  it.each(formats)('-o %s: no control character reaches stdout or stderr', (format) => {
    const r = sb.run(['run', 'aws-security-group-exposure', '--env', 'dev', '-o', format])
    expect(r.code).toBe(0)
    expectSafe(r)
    expect(r.stdout).toContain(id)
  })

  it('JSON and YAML keep the exact name the API returns; the table shows it escaped', async () => {
    // The name as EC2 gives it back (its XML turns the carriage return into a newline), escapes and all.
    const { SecurityGroups } = await ec2(moto.endpoint, 'us-east-1').send(
      new DescribeSecurityGroupsCommand({ GroupIds: [id] }),
    )
    const name = SecurityGroups?.[0]?.GroupName
    expect([hostile, hostile.replace('\r', '\n')]).toContain(name)
    const json = JSON.parse(
      sb.run(['run', 'aws-security-group-exposure', '--env', 'dev', '--json']).stdout,
    ) as RunReport
    const yaml = parse(sb.run(['run', 'aws-security-group-exposure', '--env', 'dev', '-o', 'yaml']).stdout) as RunReport
    for (const report of [json, yaml]) {
      expect(report.findings.find((f) => f.resource.id === id)?.evidence.group_name).toBe(name)
    }
    const table = sb.run(['run', 'aws-security-group-exposure', '--env', 'dev']).stdout
    expect(table).toContain('evil\\e[2J\\e]52;c;Y3VybCBldmlsLnNo\\x07name\\x9b31m\\u202eexe.txt\\')
  })

  it('with colour forced on, only our own colour codes are written', () => {
    const r = sb.run(['run', 'aws-security-group-exposure', '--env', 'dev'], {
      env: { NO_COLOR: undefined, FORCE_COLOR: '1' },
    })
    expect(r.stdout).toContain('\u001b[31m')
    expect(withoutOwnColour(r.stdout)).not.toMatch(interpreted)
    expect(withoutOwnColour(r.stdout)).not.toContain('\u001b')
  })
})

describe('a Kubernetes event whose message carries escapes', () => {
  const ns = 'it-escapes'
  beforeAll(async () => {
    await createNamespace(kube, ns)
    await createEvent(kube, {
      namespace: ns,
      name: 'hostile.warning',
      type: 'Warning',
      reason: 'BackOff',
      message: hostile,
      object: { kind: 'Pod', name: 'victim', namespace: ns },
      count: 3,
    })
  }, 60_000)

  it.each(formats)('-o %s: no control character reaches stdout or stderr', (format) => {
    const r = sb.run(['run', 'k8s-warning-events', '--env', 'dev', '--param', `namespace=${ns}`, '-o', format])
    expect(r.code).toBe(0)
    expectSafe(r)
    expect(r.stdout).toContain('victim')
  })

  it('the JSON report carries the message exactly', () => {
    const r = sb.run(['run', 'k8s-warning-events', '--env', 'dev', '--param', `namespace=${ns}`, '--json'])
    expect(r.stdout).toContain(JSON.stringify(hostile).slice(1, 10))
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain(JSON.stringify(hostile).slice(1, -1))
  })
})

describe('what the user typed, shown back in an error', () => {
  it('an unknown command with escapes in its name is shown escaped', () => {
    const r = sb.run([`aks\u001b]52;c;AA\u0007`])
    expect(r.code).toBe(2)
    expectSafe(r)
    expect(r.stderr).toContain('unknown command')
  })
})
