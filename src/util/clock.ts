// A monotonic clock in milliseconds, for how long a run or a step took. Not performance.now(): the first read of
// the `performance` global loads perf_hooks and its timing modules (~0.7 ms of a dry run's start-up).

/** Milliseconds from an arbitrary, fixed point; only differences mean anything. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6
}
