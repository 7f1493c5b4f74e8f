// The executor's scheduler: starts each step once every step it takes input from has ended, at most `concurrency`
// at a time, and at most `perGroup` of one group (a fleet's target) at a time, in plan order. It knows nothing of
// actions: how a step runs, is skipped and ends is the caller's.
import type { StepReport } from '../report/types.js'

interface SchedulableStep {
  id: string
  /** The steps whose output it consumes. */
  inputs?: string[]
  /** Steps of one group share the group's bound (a fleet run: one target). */
  target?: string
}

interface ScheduleHooks<S extends SchedulableStep> {
  /** How a step ended; asked only once its run() or skip() has returned. */
  status(id: string): StepReport['status'] | undefined
  /** Runs a step to its end (its report included). */
  run(step: S): Promise<void>
  /** Ends a step that will not run, with why. */
  skip(step: S, why: string): Promise<void>
}

export const cancelledBeforeStart = 'skipped: the run was cancelled before it started'

/** Run every step, or skip it: when an input did not succeed, or when the signal aborts before it starts. */
export async function schedule<S extends SchedulableStep>(
  steps: S[],
  o: { concurrency: number; perGroup?: number; signal?: AbortSignal },
  hooks: ScheduleHooks<S>,
): Promise<void> {
  const pending = new Map(steps.map((s) => [s.id, s]))
  const running = new Map<string, Promise<void>>()
  // A step has ended when its run() or skip() has returned (its report, record and progress line written), not when
  // its status is first known: its dependants start, or are skipped, after it in the report and the audit log.
  const ended = new Set<string>()
  const inGroup = new Map<string, number>()
  const groupFull = (s: S) => o.perGroup !== undefined && (inGroup.get(s.target ?? '') ?? 0) >= o.perGroup
  while (pending.size || running.size) {
    // A skip awaits, and a running step may end meanwhile, after its dependants were passed over in this pass:
    // only a pass that moved nothing, with nothing running, proves a step waits forever.
    let moved = false
    for (const step of [...pending.values()]) {
      if (o.signal?.aborted) {
        pending.delete(step.id)
        moved = true
        await hooks.skip(step, cancelledBeforeStart)
        ended.add(step.id)
        continue
      }
      if (running.size >= o.concurrency) break
      if (groupFull(step)) continue
      const inputs = step.inputs ?? []
      if (!inputs.every((id) => ended.has(id))) continue
      pending.delete(step.id)
      moved = true
      const broken = inputs.find((id) => hooks.status(id) !== 'ok')
      if (broken) {
        await hooks.skip(step, `skipped: its input ${broken} did not succeed`)
        ended.add(step.id)
        continue
      }
      const group = step.target ?? ''
      inGroup.set(group, (inGroup.get(group) ?? 0) + 1)
      running.set(
        step.id,
        hooks.run(step).finally(() => {
          ended.add(step.id)
          running.delete(step.id)
          inGroup.set(group, (inGroup.get(group) ?? 1) - 1)
        }),
      )
    }
    if (running.size) await Promise.race(running.values())
    else if (pending.size && !moved)
      throw new Error(`steps wait on inputs that never run: ${[...pending.keys()].join(', ')}`)
  }
}
