// The run report for a person: worst findings first, each with its evidence and what to look at, the steps, and the
// summary line; coloured only when asked, within the width when there is one.
import { describe, expect, it } from 'vitest'
import type { Finding } from '../../src/analyzers/types.js'
import { resolvePaths } from '../../src/config/paths.js'
import { buildPlan } from '../../src/planner/build.js'
import { resolveEnvironment } from '../../src/planner/environment.js'
import { findPlaybook, loadPlaybooks } from '../../src/planner/load.js'
import { sealPlan } from '../../src/planner/seal.js'
import { builtin } from '../../src/policy/load.js'
import { palette } from '../../src/render/colour.js'
import { renderReport } from '../../src/render/report.js'
import type { RunReport } from '../../src/report/types.js'

const playbooks = await loadPlaybooks({ paths: resolvePaths({ HOME: '/nonexistent' }) })
const plan = sealPlan(
  await buildPlan({
    intent: null,
    question: null,
    playbook: findPlaybook(playbooks, 'aws-security-group-exposure'),
    environment: resolveEnvironment({ environments: { dev: { aws: { regions: ['us-east-1'] } } } }, 'dev', {}),
    params: {},
    policy: builtin(),
    ttlMs: 3_600_000,
    now: new Date('2026-12-01T10:00:00Z'),
  }),
)

const finding = (severity: Finding['severity'], id: string, title: string, recommendation: string): Finding => ({
  id: `sg-open-ingress:${id}`,
  severity,
  title,
  resource: { provider: 'aws', type: 'security_group', id, region: 'us-east-1' },
  evidence: { group_name: title.split(' ')[0], ports: '22', cidrs: ['0.0.0.0/0'] },
  recommendation,
})
const restrict = 'Restrict the source to known CIDRs or a security group.'
const report: RunReport = {
  run_id: '01TEST',
  plan,
  status: 'succeeded',
  steps: [
    {
      id: 'groups@us-east-1',
      action: 'aws.ec2.describe_security_groups',
      status: 'ok',
      duration_ms: 12,
      items: 4,
      error: null,
    },
  ],
  findings: [
    finding('info', 'sg-3', 'web allows HTTPS from the internet', 'Public web ports are often intended.'),
    finding('high', 'sg-1', 'bastion-ssh allows SSH from the internet', restrict),
    finding('critical', 'sg-0', 'debug-everything allows all traffic from the internet', 'Close it.'),
    finding('high', 'sg-2', 'legacy-ssh allows SSH from the internet', restrict),
  ],
  summary: { findings_by_severity: { critical: 1, high: 2, info: 1 }, api_calls: 1, duration_ms: 40 },
  llm: null,
}
const plain = { colour: palette(false) }

describe('renderReport', () => {
  it('groups findings by severity, worst first, each with its evidence', () => {
    const text = renderReport(report, 'table', plain)
    const order = ['CRITICAL (1)', 'HIGH (2)', 'INFO (1)'].map((h) => text.indexOf(h))
    expect(order.every((i) => i >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(text).toContain('‼ sg-0 (us-east-1)  debug-everything allows all traffic from the internet')
    expect(text).toContain('evidence: group_name=bastion-ssh, ports=22, cidrs=["0.0.0.0/0"]')
  })

  it('ties each recommendation to its findings: once after findings in a row that share it', () => {
    const text = renderReport(report, 'table', plain)
    expect(text.split(restrict)).toHaveLength(2)
    expect(text.indexOf(`→ ${restrict}`)).toBeGreaterThan(text.indexOf('legacy-ssh'))
    expect(text.indexOf('→ Close it.')).toBeLessThan(text.indexOf('HIGH (2)'))
  })

  it('ends with the steps and the summary line', () => {
    const lines = renderReport(report, 'table', plain).split('\n')
    expect(lines.at(-1)).toBe('4 finding(s) (1 critical, 2 high, 1 info); 1 API call(s); 40 ms')
    expect(lines.some((l) => /^groups@us-east-1\s+aws\.ec2\.describe_security_groups\s+ok\s+4\s+12$/.test(l))).toBe(
      true,
    )
  })

  it('colours severities and statuses only when colour is on', () => {
    expect(renderReport(report, 'table', plain)).not.toContain('\u001b')
    const coloured = renderReport(report, 'table', { colour: palette(true) })
    expect(coloured).toContain('\u001b[31mHIGH (2)\u001b[39m')
    expect(coloured).toContain('\u001b[32mSUCCEEDED\u001b[39m')
  })

  it('fits 80 columns, wrapping long findings instead of losing them', () => {
    const long = { ...report, findings: [finding('high', 'sg-9', `${'very '.repeat(30)}long title`, restrict)] }
    const text = renderReport(long, 'table', { ...plain, width: 80 })
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80)
    expect(text.replace(/\s+/g, ' ')).toContain(`${'very '.repeat(30)}long title`)
  })

  it('in markdown: a section per severity with the evidence and what to look at under each finding', () => {
    const text = renderReport(report, 'markdown', plain)
    expect(text).toContain(
      '### high (2)\n\n- **sg-1 (us-east-1)**: bastion-ssh allows SSH from the internet\n  - evidence:',
    )
    expect(text).toContain(`  - what to look at: ${restrict}`)
  })

  it('says plainly when there is nothing', () => {
    const none = { ...report, findings: [], summary: { ...report.summary, findings_by_severity: {} } }
    expect(renderReport(none, 'table', plain)).toContain('\nNo findings.\n')
  })
})
