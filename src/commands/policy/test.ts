import { BaseCommand } from '../../base-command.js'
import * as Args from '../../command/arg-kinds.js'
import { RuntimeError } from '../../errors.js'
import { policyFlag } from '../../flags.js'
import type { Terminal } from '../../render/output.js'
import { table } from '../../render/table.js'
import { policyTest } from '../../services/policy.js'

type Report = Awaited<ReturnType<typeof policyTest>>

export default class PolicyTest extends BaseCommand<typeof PolicyTest> {
  static override summary = 'Run table tests of a policy (step → expected effect and rules); exit 1 on any mismatch.'
  static override description = `A case file looks like:

  cases:
    - name: prod deletes are denied
      step: { action: aws.ec2.delete_volume, env: prod, risk: delete }
      expect: { effect: deny, rules: [read_only] }
    - step: { action: aws.ec2.describe_instances, env: dev }   # risk from the action catalogue
      expect: { effect: allow, rules: [reads-allowed] }

With read_only: true (the default), a step whose risk is not read is denied by the read_only rule before any
other rule is looked at. The report also lists the rules that no case exercised.`
  static override examples = ['<%= config.bin %> policy test cases.yaml --policy ./policy.yaml']
  static override args = {
    file: Args.string({ description: 'A YAML file of cases', required: true }),
  }
  static override flags = { ...policyFlag }

  async run(): Promise<void> {
    const report = await policyTest({ flag: this.flags.policy, paths: this.paths }, this.args.file)
    this.print(report, renderReport)
    if (report.failed > 0) {
      throw new RuntimeError(`${report.failed} of ${report.results.length} policy case(s) failed`, {
        hint: 'Fix the policy or the expectations; the report shows each mismatch.',
        resultPrinted: true,
      })
    }
  }
}

function renderReport(r: Report, format: 'table' | 'markdown', term: Terminal): string {
  const rows = table(
    format,
    r.results,
    [
      { header: 'result', get: (c) => (c.passed ? 'pass' : 'FAIL') },
      { header: 'case', get: (c) => c.name },
      {
        header: 'expected',
        get: (c) => `${c.expected.effect}${c.expected.rules ? ` [${c.expected.rules.join(',')}]` : ''}`,
      },
      { header: 'actual', get: (c) => `${c.actual.effect} [${c.actual.rules.join(',')}]` },
    ],
    term,
  )
  const coverage = `rules covered: ${r.coverage.covered}/${r.coverage.rules}${r.uncovered.length ? ` (no case for: ${r.uncovered.join(', ')})` : ''}`
  return [`policy: ${r.policy.source}`, rows, '', `${r.passed} passed, ${r.failed} failed`, coverage].join('\n')
}
