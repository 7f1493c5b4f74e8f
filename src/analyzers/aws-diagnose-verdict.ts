// The first finding of an AWS diagnosis, with id `aws-diagnose:<id>`: one line saying what the object is doing and
// what is wrong with it, at the severity of the worst finding after it (info when it looks healthy); or that the
// id was not found, or could not be looked up.
import type { RelatedKind } from '../actions/aws/related-id.js'
import { type DiagnoseOptions, type Diagnosis, rank, resourceOf } from './aws-diagnose-common.js'
import type { Finding, Severity } from './types.js'

export function verdict(id: string, kind: RelatedKind, d: Diagnosis, options: DiagnoseOptions): Finding {
  // Stryker disable next-line EqualityOperator: at equal rank the severity is the same, so < and <= pick alike
  const severity = d.findings.reduce<Severity>((w, f) => (rank(f.severity) < rank(w) ? f.severity : w), 'info')
  const healthy = severity === 'info'
  const problems = [...new Set([...d.problems].sort((a, b) => rank(a.severity) - rank(b.severity)).map((p) => p.text))]
  const title = healthy
    ? `${d.label} looks healthy: ${[...d.state, ...d.fine].join(', ')}`
    : [`${d.subject} ${d.state.join(', ')}`, ...problems].join('; ')
  return {
    id: `aws-diagnose:${id}`,
    severity,
    title,
    resource: d.resource,
    evidence: {
      ...d.evidence,
      ...(options.kind && options.kind !== kind ? { kind_named: options.kind } : {}),
      problems,
    },
    // The verdict's advice is that of its worst problem: what a person would read first.
    recommendation: healthy
      ? 'Nothing to fix; the findings after this one are context.'
      : // Stryker disable next-line OptionalChaining: not healthy means some finding worse than info, so [0] exists
        ([...d.findings].sort((a, b) => rank(a.severity) - rank(b.severity))[0]?.recommendation ??
        // Stryker disable next-line StringLiteral: never taken: every finding has a recommendation
        'See the findings after this one: each says what to change.'),
  }
}

/** The id exists in none of the regions asked, or no region was asked (the question named one outside them). */
export function notFound(id: string, kind: RelatedKind, regions: string[], options: DiagnoseOptions): Finding {
  const where = regions.length ? regions.join(', ') : undefined
  return {
    id: `aws-diagnose:${id}`,
    severity: 'high',
    title: where
      ? `${id} was not found in ${where}`
      : `${id} was not looked up: ${options.region ?? 'the region named'} is not one of this environment's regions`,
    resource: resourceOf(kind, id, regions[0] ?? options.region),
    evidence: { kind, regions_asked: regions, ...(options.region ? { region_named: options.region } : {}) },
    recommendation:
      'Check the id, and the account and region it lives in: name the region in the question, or pick the environment that holds it with --env.',
  }
}

/** The step that looks the id up failed: the report's step error says why. */
export function notLookedUp(id: string, kind: RelatedKind): Finding {
  return {
    id: `aws-diagnose:${id}`,
    severity: 'info',
    title: `${id} could not be looked up: the step that describes it failed`,
    resource: resourceOf(kind, id, undefined),
    evidence: { kind },
    recommendation: 'See the step errors in this report; fix access and run again.',
  }
}
