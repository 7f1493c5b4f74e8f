// Small helpers shared by analyzers. Pure.
import type { ActionOutput } from '../actions/types.js'
import type { Finding, Severity } from './types.js'

export function itemsOf<T>(input: ActionOutput | undefined): T[] {
  return (input?.items ?? []) as T[]
}

/** A finding that says what could not be seen, so silence is never mistaken for health. */
export function blindSpot(analyzer: string, what: string, provider: Finding['resource']['provider']): Finding {
  const resource: Finding['resource'] =
    provider === 'kubernetes'
      ? { provider, type: 'cluster', id: 'cluster' }
      : { provider, type: 'account', id: 'account' }
  return {
    id: `${analyzer}:${resource.id}:not-seen:${what.split(' ')[0]}`,
    severity: 'info',
    title: `Not checked: ${what}`,
    resource,
    evidence: {},
    recommendation: 'See the step errors and notes in this report; fix access and run again to cover it.',
  }
}

const order: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 }

export function bySeverity(a: Finding, b: Finding): number {
  return order[a.severity] - order[b.severity] || a.id.localeCompare(b.id)
}

export const round2 = (n: number) => Math.round(n * 100) / 100
