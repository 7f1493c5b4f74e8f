import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readPlaybookFile } from '../../src/planner/load.js'

const dir = mkdtempSync(join(tmpdir(), 'cloudops-pb-'))
const base = `apiVersion: cloudops/v1
kind: Playbook
metadata: { name: custom, version: 1.0.0, description: test, provider: aws }
match: { intent_types: [audit], resource_types: [aws_security_group] }
steps:
  - id: groups
    action: aws.ec2.describe_security_groups
    foreach: region
analyze:
  - analyzer: sg-open-ingress
    inputs: { groups: groups }
`
async function problems(text: string) {
  const file = join(dir, `${Math.random()}.yaml`)
  writeFileSync(file, text)
  const r = await readPlaybookFile(file, 'user')
  return r.ok ? [] : r.problems.map((p) => `${p.line}: ${p.message}`)
}

describe('playbook validation', () => {
  it('accepts a minimal valid playbook', async () => {
    expect(await problems(base)).toEqual([])
  })

  it('names the line of an unknown action, an unknown analyzer and an unknown key', async () => {
    expect(await problems(base.replace('aws.ec2.describe_security_groups', 'aws.ec2.terminate_instances'))).toEqual([
      '7: unknown action "aws.ec2.terminate_instances" (see `cloudops actions list`)',
    ])
    expect(await problems(base.replace('sg-open-ingress', 'made-up'))).toEqual(['10: unknown analyzer "made-up"'])
    expect((await problems(base.replace('    foreach: region', '    foreach: region\n    risk: read')))[0]).toMatch(
      /^9: unknown key "risk"/,
    )
  })

  it('rejects templates that are not declared params, and params an action does not take', async () => {
    const t = base.replace('    foreach: region', '    foreach: region\n    params: { vpc_id: "${env.HOME}" }')
    expect((await problems(t))[0]).toMatch(/\$\{env.HOME\} is not a declared param/)
    const p = base.replace('    foreach: region', '    foreach: region\n    params: { delete: true }')
    expect((await problems(p))[0]).toMatch(/params: unknown key "delete"/)
  })

  it('rejects inputs that are not earlier steps', async () => {
    const t = base.replace('    foreach: region', '    foreach: region\n    inputs: [later]')
    expect(await problems(t)).toContain('9: input "later" is not an earlier step')
  })
})
