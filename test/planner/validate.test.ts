import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readPlaybookFile } from '../../src/planner/load.js'

const dir = mkdtempSync(join(tmpdir(), 'cloudops-pb-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
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

describe('param patterns (user-written regexes)', () => {
  const withParam = (pattern: string, extra = '') =>
    base.replace(
      'steps:',
      `params:\n  tag:\n    type: string\n    description: a tag\n    pattern: ${JSON.stringify(pattern)}\n${extra}steps:`,
    )

  it('an invalid pattern is a validation problem naming its line, not a crash at plan time', async () => {
    const found = await problems(withParam('(unclosed'))
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/^9: invalid pattern "\(unclosed"/) // the pattern: line
  })

  it('a backreference (which RE2 cannot run in linear time) is refused', async () => {
    expect((await problems(withParam('^(a)\\1$')))[0]).toMatch(/invalid pattern/)
  })

  it('a catastrophic pattern with a default loads at once and matches in linear time', async () => {
    // With RegExp, "^(a+)+$" against "aaaa…b" backtracks for hours; the default is checked at every load.
    const evil = withParam('^(a+)+$', `    default: "${'a'.repeat(40)}"\n`)
    expect(await problems(evil)).toEqual([])
    const { checkParamValue } = await import('../../src/planner/params.js')
    const p = { type: 'string' as const, description: 'x', pattern: '^(a+)+$' }
    expect(checkParamValue('tag', p, `${'a'.repeat(50_000)}b`)).toMatch(/must match/)
    expect(checkParamValue('tag', p, 'a'.repeat(50_000))).toBeUndefined()
  })

  it('every shipped playbook pattern is valid RE2 (they are not compiled when loaded)', async () => {
    const { loadPlaybooks } = await import('../../src/planner/load.js')
    const { patternProblem } = await import('../../src/planner/param-pattern.js')
    const { resolvePaths } = await import('../../src/config/paths.js')
    const all = await loadPlaybooks({ paths: resolvePaths({ HOME: dir }) })
    const patterns = all.flatMap((pb) => Object.values(pb.playbook.params ?? {}).flatMap((p) => p.pattern ?? []))
    expect(patterns.length).toBeGreaterThan(0)
    for (const p of patterns) expect(patternProblem(p), p).toBeUndefined()
  })
})
