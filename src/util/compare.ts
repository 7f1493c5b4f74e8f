// An order for names, without localeCompare: its first call sets up ICU's collator, ~5-8 ms of a dry run's start-up
// (bench/RESULTS.md). For the names it orders (playbook names: a-z, 0-9 and -, by the playbook schema) the order is
// the one localeCompare gives.

/** a before b by UTF-16 code units: -1, 0 or 1. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
