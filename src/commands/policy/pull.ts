import * as Args from '../../command/arg-kinds.js'
import { TeamCommand } from '../../team-command.js'

export default class PolicyPull extends TeamCommand<typeof PolicyPull> {
  static override summary = 'Fetch a signed team policy, verify it against team.trusted_keys, and pin it.'
  static override description =
    'An unsigned snapshot, or one not signed by a key in team.trusted_keys, is refused (exit 2). The pinned ' +
    'policy is used when no local policy file is (--policy, CLOUDOPS_POLICY, policy.yaml); plans and the audit ' +
    'log record its name, signer and sha256. Evaluation never waits for the server: it reads the pinned copy.'
  static override exitCodes = TeamCommand.exitCodes
  static override examples = ['<%= config.bin %> policy pull prod-baseline']
  static override examplesNotRun = {
    '<%= config.bin %> policy pull prod-baseline':
      "it needs the team's NATS server: test/integration/team-policy.test.ts runs it",
  }
  static override args = { name: Args.string({ description: 'The team policy name', required: true }) }

  async run(): Promise<void> {
    const settings = this.team()
    const { pullPolicy } = await import('../../services/team-policy.js')
    const r = await pullPolicy(this.paths, settings, this.args.name)
    this.print(r, (x) => `Pinned ${x.source}, sha256 ${x.sha256.slice(0, 12)}…, signed ${x.signed_at}.`)
  }
}
