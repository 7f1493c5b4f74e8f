// The executor's scheduler alone: dependency order, the concurrency bound, and the skips (a broken input, a
// cancelled run), without any action or audit log.
import { describe, expect, it } from 'vitest'
import { cancelledBeforeStart, schedule } from '../../src/engine/schedule.js'

type Status = 'ok' | 'failed' | 'skipped'
interface Step {
  id: string
  inputs?: string[]
  fails?: boolean
  /** How long it runs, in ms (5 unless given). */
  ms?: number
  /** When its status is known, in ms, if before it ends (a report is set before its record and line are written). */
  statusMs?: number
}

function harness(o: { concurrency: number; signal?: AbortSignal; onRun?: (id: string) => void; skipMs?: number }) {
  const status = new Map<string, Status>()
  const log: string[] = []
  let running = 0
  let peak = 0
  const run = (steps: Step[]) =>
    schedule(steps, o, {
      status: (id) => status.get(id),
      async run(step) {
        running++
        peak = Math.max(peak, running)
        log.push(`start ${step.id}`)
        o.onRun?.(step.id)
        if (step.statusMs !== undefined) {
          await new Promise((r) => setTimeout(r, step.statusMs))
          status.set(step.id, step.fails ? 'failed' : 'ok')
        }
        await new Promise((r) => setTimeout(r, (step.ms ?? 5) - (step.statusMs ?? 0)))
        running--
        status.set(step.id, step.fails ? 'failed' : 'ok')
        log.push(`end ${step.id}`)
      },
      async skip(step, why) {
        log.push(`skip ${step.id}: ${why}`)
        if (o.skipMs) await new Promise((r) => setTimeout(r, o.skipMs))
        status.set(step.id, 'skipped')
      },
    })
  return { run, log, status, peak: () => peak }
}

describe('schedule', () => {
  it('starts a step only after its inputs ended, and never more than `concurrency` at once', async () => {
    const h = harness({ concurrency: 2 })
    await h.run([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd', inputs: ['a', 'c'] }])
    expect(h.peak()).toBe(2)
    expect(h.log.indexOf('start d')).toBeGreaterThan(h.log.indexOf('start c'))
    expect([...h.status.values()].every((s) => s === 'ok')).toBe(true)
  })

  it('skips the steps whose input did not succeed, and runs the independent ones', async () => {
    const h = harness({ concurrency: 4 })
    await h.run([{ id: 'a', fails: true }, { id: 'b', inputs: ['a'] }, { id: 'c' }])
    expect(h.log).toContain('skip b: skipped: its input a did not succeed')
    expect(h.status.get('c')).toBe('ok')
  })

  it('once the signal aborts, every step not yet started is skipped as cancelled', async () => {
    const controller = new AbortController()
    const h = harness({
      concurrency: 1,
      signal: controller.signal,
      onRun: (id) => id === 'a' && controller.abort(),
    })
    await h.run([{ id: 'a' }, { id: 'b' }, { id: 'c', inputs: ['b'] }])
    expect(h.log.filter((l) => !l.startsWith('end '))).toEqual([
      'start a',
      `skip b: ${cancelledBeforeStart}`,
      `skip c: ${cancelledBeforeStart}`,
    ])
  })

  it('a step passed over while its input ran still starts when that input ends during a slow skip', async () => {
    // f fails first; skipping g (f's dependant) takes long enough for a to end mid-pass. b, passed over earlier in
    // that pass, must still run: the pass moved, so nothing is stuck (CI once saw "never run: b" here).
    const h = harness({ concurrency: 4, skipMs: 30 })
    await h.run([
      { id: 'f', fails: true, ms: 1 },
      { id: 'a', ms: 10 },
      { id: 'b', inputs: ['a'] },
      { id: 'g', inputs: ['f'] },
    ])
    expect(h.status.get('b')).toBe('ok')
    expect(h.log).toContain('skip g: skipped: its input f did not succeed')
  })

  it('a step starts only once its input has ended, not as soon as the input’s status is known', async () => {
    // a's status is known at 5 ms but it ends at 40; while y's slow skip is awaited, b must not start on a's status.
    const h = harness({ concurrency: 4, skipMs: 30 })
    await h.run([
      { id: 'x', fails: true, ms: 1 },
      { id: 'a', ms: 40, statusMs: 5 },
      { id: 'y', inputs: ['x'] },
      { id: 'b', inputs: ['a'] },
    ])
    expect(h.log.indexOf('start b')).toBeGreaterThan(h.log.indexOf('end a'))
    expect(h.log.indexOf('skip y: skipped: its input x did not succeed')).toBeGreaterThan(h.log.indexOf('end x'))
  })

  it('a step waiting on an input that is not in the plan is an error, not a hang', async () => {
    const h = harness({ concurrency: 1 })
    await expect(h.run([{ id: 'a', inputs: ['missing'] }])).rejects.toThrow(/never run: a/)
  })
})

describe('schedule with groups (a fleet run)', () => {
  it('never runs more than `perGroup` steps of one group at once, while other groups go on', async () => {
    const running = new Map<string, number>()
    const peaks = new Map<string, number>()
    let total = 0
    let peakTotal = 0
    const steps = ['a', 'b'].flatMap((g) => [1, 2, 3, 4].map((n) => ({ id: `${g}${n}`, target: g })))
    await schedule(
      steps,
      { concurrency: 3, perGroup: 2 },
      {
        status: () => 'ok',
        async run(step) {
          const g = step.target
          running.set(g, (running.get(g) ?? 0) + 1)
          peaks.set(g, Math.max(peaks.get(g) ?? 0, running.get(g) ?? 0))
          peakTotal = Math.max(peakTotal, ++total)
          await new Promise((r) => setTimeout(r, 5))
          running.set(g, (running.get(g) ?? 1) - 1)
          total--
        },
        async skip() {},
      },
    )
    expect(Object.fromEntries(peaks)).toEqual({ a: 2, b: 2 })
    // The global bound still holds, and the second group did not wait for the first to finish.
    expect(peakTotal).toBe(3)
  })
})
