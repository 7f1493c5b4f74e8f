// Team mode, when config.yaml has `team:`: the credentials cloudops would send (never shown), the server and its
// audit stream, and how many local records this host has not shipped yet. Without `team:` there is no line, and no
// NATS client is loaded.
import { teamSettings } from '../../team/settings.js'
import type { CheckResult, DoctorCheck } from '../check.js'

const name = 'team'
const connectTimeoutMs = 3000

export const teamCheck: DoctorCheck = {
  name,
  async run(ctx): Promise<CheckResult[]> {
    const config = ctx.config().config
    if (!config.team) return []
    const settings = teamSettings(config, ctx.env)
    const { teamStatus } = await import('../../team/status.js')
    // A creds file others can read is refused when connecting, before anything is sent, as audit ship refuses it.
    const status = await teamStatus(settings, ctx.paths.auditLog, connectTimeoutMs)
    const reached = `${settings.natsUrl} reached (credentials: ${settings.authSource})`
    const data = { nats_url: settings.natsUrl, stream: settings.stream }
    if (status.messages === undefined) {
      return [
        {
          name,
          ok: true,
          warning: true,
          detail: `${reached}; stream ${settings.stream} does not exist yet`,
          fix: 'Run `cloudops audit ship`: it creates the stream and ships the log.',
          data,
        },
      ]
    }
    const behind = status.local - status.shipped
    const where = `stream ${settings.stream} holds ${status.messages} message(s); this host (${status.host ?? 'no record yet'}) has shipped up to #${status.shipped} of #${status.local}`
    return [
      {
        name,
        ok: true,
        ...(behind > 0
          ? {
              warning: true,
              fix: `Run \`cloudops audit ship\` (or \`cloudops config set team.auto_ship true\`): ${behind} record(s) are only here.`,
            }
          : {}),
        detail: `${reached}; ${where}`,
        data: { ...data, shipped_seq: String(status.shipped), local_seq: String(status.local) },
      },
    ]
  },
}
