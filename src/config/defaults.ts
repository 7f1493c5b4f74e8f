// What cloudops does when config.yaml leaves a key out. schemas/config.schema.json states the same values as
// `default` (docs/config.md is generated from it), and test/config/defaults.test.ts holds the two together.
export const configDefaults = {
  'llm.min_confidence': 0.8,
  'llm.timeout_seconds': 30,
  'llm.cache_ttl_hours': 24,
  'execution.concurrency': 4,
  'execution.fleet_concurrency': 16,
  'execution.step_timeout_seconds': 60,
  'plans.ttl': '1h',
  'mcp.environments': ['default'],
  'team.stream': 'CLOUDOPS_AUDIT',
  'team.ship': 'metadata',
  'team.auto_ship': false,
} as const
