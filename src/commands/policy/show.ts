import { BaseCommand } from '../../base-command.js'
import { policyFlag } from '../../flags.js'
import type { LoadedPolicy } from '../../policy/types.js'
import type { Terminal } from '../../render/output.js'
import { table } from '../../render/table.js'
import { policyInForce } from '../../services/policy.js'

export default class PolicyShow extends BaseCommand<typeof PolicyShow> {
  static override summary = 'Show the policy in force, where it came from, and its hash.'
  static override description =
    'The policy comes from --policy, CLOUDOPS_POLICY, $XDG_CONFIG_HOME/cloudops/policy.yaml, or the built-in default, ' +
    "in that order. A project's ./.cloudops/policy.yaml can only add restrictions on top of it (its rules are " +
    'shown as project:<id>). Saved plans record its sha256; apply refuses a changed policy.'
  static override examples = [
    '<%= config.bin %> policy show',
    '<%= config.bin %> policy show --policy ./policy.yaml --json',
    '<%= config.bin %> policy show -o yaml > my-policy.yaml',
  ]
  static override flags = { ...policyFlag }

  async run(): Promise<void> {
    const loaded = policyInForce({ flag: this.flags.policy, paths: this.paths })
    for (const line of loaded.notices ?? []) this.notice(line)
    this.printDocument(loaded, loaded.policy, [`source: ${loaded.source}`, `sha256: ${loaded.sha256}`], renderPolicy)
  }
}

function renderPolicy(p: LoadedPolicy, format: 'table' | 'markdown', term: Terminal): string {
  const head = [
    `source: ${p.source}`,
    `sha256: ${p.sha256}`,
    `read_only: ${p.policy.read_only}   default: ${p.policy.default}`,
    '',
  ]
  // read_only is a rule too, and the first: shown as one, as `policy test` names it.
  const readOnly = {
    id: 'read_only',
    effect: 'deny',
    match: { risk: ['write', 'delete'] },
    reason: 'read_only: true denies any step that is not a read, whatever the rules say',
  }
  const rows = table(
    format,
    [...(p.policy.read_only ? [readOnly] : []), ...p.policy.rules],
    [
      { header: 'rule', get: (r) => r.id },
      { header: 'effect', get: (r) => r.effect },
      {
        header: 'match',
        get: (r) =>
          Object.entries(r.match)
            .map(([k, v]) => `${k}=${(v as string[]).join('|')}`)
            .join(' '),
      },
      { header: 'reason', get: (r) => r.reason ?? '' },
    ],
    term,
  )
  return [...head, rows].join('\n')
}
