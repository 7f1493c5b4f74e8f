// Import rules for src/ (run by `npm run lint`): no cycles, and imports follow the pipeline's direction,
// commands → services → intent → planner → policy → engine → actions / analyzers → clients / audit.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'commands-are-leaves',
      comment: 'Nothing imports a command: commands are the top of the pipeline.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/commands/' },
      to: { path: '^src/commands/' },
    },
    {
      name: 'services-serve-commands',
      comment: 'Use cases are called by commands (and the command bases), never by the stages they orchestrate.',
      severity: 'error',
      from: {
        path: '^src/(intent|planner|policy|engine|actions|analyzers|clients|audit|render|report|schema|util|config|doctor)/',
      },
      to: { path: '^src/(services|commands)/|^src/(pipeline-command|base-command|flags)\\.ts$' },
    },
    {
      name: 'stages-look-back-only',
      comment: 'A later stage may use an earlier one; an earlier one never reaches forward.',
      severity: 'error',
      from: { path: '^src/(policy|engine|actions|analyzers|clients|audit)/' },
      to: { path: '^src/intent/(?!types\\.ts$)' },
    },
    {
      name: 'intent-before-planning',
      comment: 'The gate comes before planning: it may read the playbook catalogue’s types, not the planner’s logic.',
      severity: 'error',
      from: { path: '^src/intent/' },
      to: { path: '^src/planner/', pathNot: '^src/planner/playbook\\.ts$' },
    },
    {
      name: 'policy-before-execution',
      severity: 'error',
      comment: 'Policy knows the catalogue’s vocabulary (risk levels), nothing that runs.',
      from: { path: '^src/policy/' },
      to: { path: '^src/(engine|actions|clients|planner)/', pathNot: '^src/actions/types\\.ts$' },
    },
    {
      name: 'actions-and-analyzers-below-the-engine',
      severity: 'error',
      from: { path: '^src/(actions|analyzers|clients|audit)/' },
      to: { path: '^src/(engine|planner|policy)/(?!types\\.ts$)' },
    },
    {
      name: 'render-is-output-only',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { path: '^src/(services|engine|actions|clients|audit)/|^src/flags\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '\\.d\\.ts$' },
  },
}
