// The lasting line each step leaves at a terminal: its count of items in words, its time, or why it did not run.
import pc from 'picocolors'
import { describe, expect, it } from 'vitest'
import type { PlanStep } from '../../src/planner/types.js'
import { terminalProgress } from '../../src/render/progress.js'
import type { StepReport } from '../../src/report/types.js'

const plain = pc.createColors(false)
const step = { id: 'buckets', action: 'aws.s3.bucket_access' } as PlanStep
const report = (r: Partial<StepReport>): StepReport =>
  ({
    id: 'buckets',
    action: 'aws.s3.bucket_access',
    status: 'ok',
    duration_ms: 262,
    items: 1,
    error: null,
    ...r,
  }) as StepReport

function lastingLine(r: StepReport): string {
  let out = ''
  const write = (t: string) => {
    out += t
    return true
  }
  const p = terminalProgress({ write, columns: 100 }, plain, () => 0)
  p.step('start', step)
  p.step('end', step, r)
  p.stop()
  // What stays on screen once the live lines are cleared: the lines not followed by a cursor-up.
  return (out.split('\u001b[J').at(-1) ?? '').split('\n').find((l) => l.includes('buckets')) ?? out
}

describe('the line a finished step leaves', () => {
  it.each([
    [1, '✓ buckets 1 item, 262 ms'],
    [0, '✓ buckets 0 items, 262 ms'],
    [4, '✓ buckets 4 items, 262 ms'],
  ])('%i item(s) → %s', (items, line) => {
    expect(lastingLine(report({ items }))).toBe(line)
  })

  it('a failed step says so, with its error', () => {
    expect(lastingLine(report({ status: 'failed', error: 'AccessDenied' }))).toBe('✗ buckets failed: AccessDenied')
  })
})
