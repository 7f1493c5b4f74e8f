import { LogFollower } from '../../audit/follow.js'
import { lastRecords } from '../../audit/reader.js'
import type { AuditRecord } from '../../audit/record.js'
import { BaseCommand } from '../../base-command.js'
import * as Flags from '../../command/flag-kinds.js'
import { toJson } from '../../render/output.js'
import { safeInline } from '../../render/safe-text.js'
import { stdout } from '../../render/std-output.js'
import { describeRecord } from './show.js'

export default class AuditTail extends BaseCommand<typeof AuditTail> {
  static override summary = 'Print the last audit records; -f keeps printing new ones until Ctrl-C.'
  static override examples = [
    '<%= config.bin %> audit tail',
    '<%= config.bin %> audit tail -n 50',
    '<%= config.bin %> audit tail -f --json',
  ]
  static override examplesNotRun = {
    '<%= config.bin %> audit tail -f --json':
      'it follows until Ctrl-C; test/integration/examples.test.ts runs it, appends a run, and presses Ctrl-C',
  }
  static override flags = {
    follow: Flags.boolean({ char: 'f', description: 'Keep printing records as they are appended.' }),
    lines: Flags.integer({ char: 'n', description: 'How many records to show.', default: 20, min: 1 }),
  }

  async run(): Promise<void> {
    const log = this.paths.auditLog
    // The follower starts where the records shown end, so nothing appended in between is missed or shown twice.
    const follower = this.flags.follow ? new LogFollower(log) : undefined
    const last = lastRecords(log, this.flags.lines)
    // One record a line in --json mode (JSON Lines), so a follower can parse as it goes.
    const show = (r: AuditRecord) =>
      stdout().write(`${this.format === 'json' ? toJson(r, 0) : safeInline(describeRecord(r))}\n`)
    last.forEach(show)
    if (!follower) return
    let lastSeq = last.at(-1)?.seq ?? 0
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.removeListener('SIGINT', stop)
        clearInterval(timer)
        follower.close()
        resolve()
      }
      const timer = setInterval(() => {
        for (const r of follower.poll()) {
          // A record is shown once, in order, whatever a rotation or a repair put back in the file.
          if (r.seq > lastSeq) {
            show(r)
            lastSeq = r.seq
          }
        }
        // As `tail -f | head` ends: once the reader has gone, following is for no one.
        if (stdout().closed) stop()
      }, 500)
      process.once('SIGINT', stop)
    })
  }
}
