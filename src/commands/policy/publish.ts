import * as Args from '../../command/arg-kinds.js'
import * as Flags from '../../command/flag-kinds.js'
import { TeamCommand } from '../../team-command.js'

export default class PolicyPublish extends TeamCommand<typeof PolicyPublish> {
  static override summary = "Sign a policy file with the local Ed25519 key and publish it to the team's bucket."
  static override description =
    'The snapshot goes to the JetStream key-value bucket cloudops-policy under NAME. Teammates accept it with ' +
    '`cloudops policy pull NAME` once your public key (printed here) is in their team.trusted_keys.'
  static override exitCodes = TeamCommand.exitCodes
  static override examples = ['<%= config.bin %> policy publish ./policy.yaml --name prod-baseline']
  static override examplesNotRun = {
    '<%= config.bin %> policy publish ./policy.yaml --name prod-baseline':
      "it needs the team's NATS server: test/integration/team-policy.test.ts runs it",
  }
  static override args = { file: Args.string({ description: 'A policy file', required: true }) }
  static override flags = {
    name: Flags.string({ description: 'The team policy name (letters, digits, ".", "_", "-").', required: true }),
  }

  async run(): Promise<void> {
    const settings = this.team()
    const { publishPolicy } = await import('../../services/team-policy.js')
    const r = await publishPolicy(this.paths, settings, this.args.file, this.flags.name)
    this.print(
      r,
      (x) =>
        `Published ${x.name} (revision ${x.revision}, sha256 ${x.sha256.slice(0, 12)}…), signed by key ${x.key_id}.\n` +
        `Teammates trust it with: cloudops config set team.trusted_keys '[${x.public_key}]'`,
    )
  }
}
