// One process, as a run would be: a dozen audit records appended, then auto_ship timed from the run's end to its
// return. With `prepared`, the client and connection are made when the "run" starts, as PipelineCommand does.
// Prints the milliseconds. Run by bench/team.ts: `tsx bench/auto-ship-probe.ts URL LOG CURSOR prepared|cold`.
import { FileAuditSink, localActor } from '../src/audit/writer.js'
import { autoShip, prepareAutoShip } from '../src/team/auto-ship.js'
import { teamSettings } from '../src/team/settings.js'

const [url, log, cursorFile, mode] = process.argv.slice(2) as [string, string, string, string]
const settings = teamSettings({ team: { nats_url: url, auto_ship: true } }, {})
const connection = mode === 'prepared' ? prepareAutoShip(settings) : undefined
const sink = new FileAuditSink(log, localActor())
for (let i = 0; i < 12; i++) await sink.append({ run_id: 'probe', kind: 'step_finished', data: { step: `s${i}` } })
await sink.close()
// A run's own work takes longer than this; the prepared connection is up by its end.
await new Promise((r) => setTimeout(r, 300))
const start = performance.now()
const notice = await autoShip(settings, { log, cursorFile, connection })
process.stdout.write(`${(performance.now() - start).toFixed(1)} ${notice ?? 'ok'}\n`)
