// What an agent gets back: control characters from the cloud shown escaped, a large report cut to its most severe
// findings with a note saying how to narrow it, a failed run as an error, a refusal as the CLI's one line and hint.
import { describe, expect, it } from 'vitest'
import type { Finding } from '../../src/analyzers/types.js'
import { PolicyDeniedError } from '../../src/errors.js'
import { errorResult, reportResult } from '../../src/mcp/result.js'
import type { RunReport } from '../../src/report/types.js'

const finding = (i: number, title = `finding ${i}`): Finding => ({
  id: `k8s-crashloop:shop/p${i}:app`,
  severity: i < 3 ? 'high' : 'low',
  title,
  resource: { provider: 'kubernetes', type: 'pod', id: `shop/p${i}`, namespace: 'shop' },
  evidence: { previous_log_tail: ['x'.repeat(400)] },
  recommendation: 'Read the log.',
})
const report = (findings: Finding[], status: RunReport['status'] = 'succeeded'): RunReport =>
  ({
    run_id: '01TEST',
    plan: { playbook: { name: 'k8s-crashloop-pods' }, environment: { name: 'dev' } },
    status,
    steps: [{ id: 'pods', action: 'k8s.pods.list', status: 'ok', duration_ms: 5, items: 3, error: null }],
    findings,
    summary: { findings_by_severity: { high: 3 }, api_calls: 1, duration_ms: 5 },
    llm: null,
  }) as unknown as RunReport

describe('reportResult', () => {
  it('a small report: all of it, a summary line, nothing cut', () => {
    const r = reportResult(report([finding(0), finding(1)]))
    expect(r.isError).toBeUndefined()
    expect(r.content[0]?.text.split('\n')[0]).toBe('k8s-crashloop-pods on dev: succeeded, 2 finding(s) (3 high)')
    expect((r.structuredContent?.findings as Finding[] | undefined)?.length).toBe(2)
    expect(r.structuredContent?.truncated).toBeUndefined()
  })

  it('a report over 200 KB keeps the most severe findings, says how many of how many, and how to narrow it', () => {
    const many = Array.from({ length: 2000 }, (_, i) => finding(i))
    const r = reportResult(report(many))
    const kept = r.structuredContent?.findings as Finding[]
    expect(kept.length).toBeLessThan(2000)
    expect(kept[0]?.id).toBe(many[0]?.id)
    expect(Buffer.byteLength(JSON.stringify(r.structuredContent))).toBeLessThan(210_000)
    expect(r.structuredContent?.truncated).toMatchObject({ findings_total: 2000, findings_shown: kept.length })
    expect(r.content[0]?.text).toContain(
      `Only the ${kept.length} most severe of 2000 findings are here: narrow the run`,
    )
  })

  it('shows control characters from the cloud escaped, in the text and in the structured content', () => {
    const r = reportResult(report([finding(0, 'evil \u001b]52;c;aGk=\u0007 \u202e title')]))
    const escaped = 'evil \\e]52;c;aGk=\\x07 \\u202e title'
    expect((r.structuredContent?.findings as Finding[] | undefined)?.[0]?.title).toBe(escaped)
    expect(r.content[0]?.text).toContain(escaped)
  })

  it('a run where nothing could be analyzed is an error, with its report', () => {
    const r = reportResult(report([], 'failed'))
    expect(r.isError).toBe(true)
    expect(r.structuredContent?.status).toBe('failed')
  })
})

describe('errorResult', () => {
  it('the one line and hint the CLI prints, and the contract error object', () => {
    const r = errorResult(new PolicyDeniedError('policy denies step s (rule r): no', { hint: 'Change the policy.' }))
    expect(r).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'policy denies step s (rule r): no — Change the policy.' }],
      structuredContent: {
        error: { code: 4, message: 'policy denies step s (rule r): no', hint: 'Change the policy.' },
      },
    })
  })

  it('a bug is an internal error in one line, never a stack', () => {
    const r = errorResult(new TypeError('x is undefined\n    at foo (bar.js:1:1)'))
    expect(r.content[0]?.text).toMatch(/^internal error: x is undefined/)
    expect(r.content[0]?.text).not.toContain('at foo')
  })
})
