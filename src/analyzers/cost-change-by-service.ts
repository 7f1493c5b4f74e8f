// Spend by service for a period and its change against the previous period of the same length.
import type { ServiceCost } from '../actions/aws/ce-get-cost-and-usage.js'
import type { AnalyzerDefinition, Severity } from './types.js'
import { blindSpot, itemsOf, round2 } from './util.js'

const analyzer: AnalyzerDefinition<{ min_change_percent?: number; min_change_usd?: number }> = {
  id: 'cost-change-by-service',
  description: 'Spend per service; increases past both thresholds are medium, doublings (or +$1000) high.',
  inputs: [{ name: 'costs', from: ['aws.ce.get_cost_and_usage'] }],
  with: {
    type: 'object',
    additionalProperties: false,
    properties: { min_change_percent: { type: 'number', minimum: 0 }, min_change_usd: { type: 'number', minimum: 0 } },
  },
  analyze(inputs, options) {
    if (!inputs.costs) return [blindSpot('cost-change-by-service', 'costs (the Cost Explorer step failed)', 'aws')]
    const minPct = options.min_change_percent ?? 20
    const minUsd = options.min_change_usd ?? 10
    return itemsOf<ServiceCost>(inputs.costs)
      .map((c) => {
        const change = round2(c.current_usd - c.previous_usd)
        const pct = c.previous_usd > 0 ? round2((change / c.previous_usd) * 100) : null
        const significant = Math.abs(change) >= minUsd && (pct === null || Math.abs(pct) >= minPct)
        let severity: Severity = 'info'
        if (significant && change > 0) severity = pct === null || pct >= 100 || change >= 1000 ? 'high' : 'medium'
        const trend =
          pct === null ? (c.previous_usd === 0 && change > 0 ? ' (new)' : '') : ` (${pct > 0 ? '+' : ''}${pct}%)`
        return {
          id: `cost-change-by-service:${c.service}`,
          severity,
          title: `${c.service}: $${c.current_usd.toFixed(2)} vs $${c.previous_usd.toFixed(2)} the period before${trend}`,
          resource: { provider: 'aws' as const, type: 'cost_service' as const, id: c.service },
          evidence: {
            current_usd: c.current_usd,
            previous_usd: c.previous_usd,
            change_usd: change,
            change_percent: pct,
            period: c.period,
            previous_period: c.previous_period,
          },
          recommendation:
            severity === 'info'
              ? 'No significant change.'
              : 'Open Cost Explorer for this service grouped by usage type and resource to see what grew.',
        }
      })
      .sort((a, b) => b.evidence.change_usd - a.evidence.change_usd)
  },
}
export default analyzer
