import { statSync } from 'node:fs'
import * as Flags from '@oclif/core/flags'
import { readRecords } from '../../audit/reader.js'
import type { AuditRecord } from '../../audit/record.js'
import { BaseCommand } from '../../base-command.js'
import { toJson } from '../../render/output.js'
import { safeInline } from '../../render/safe-text.js'
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
    const all = [...readRecords(log)]
    let lastSeq = all.at(-1)?.seq ?? 0
    // One record a line in --json mode (JSON Lines), so a follower can parse as it goes.
    const show = (r: AuditRecord) =>
      process.stdout.write(`${this.format === 'json' ? toJson(r, 0) : safeInline(describeRecord(r))}\n`)
    all.slice(-this.flags.lines).forEach(show)
    if (!this.flags.follow) return
    let size = safeSize(log)
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = safeSize(log)
        if (now === size) return
        size = now
        for (const r of readRecords(log)) {
          if (r.seq > lastSeq) {
            show(r)
            lastSeq = r.seq
          }
        }
      }, 500)
      process.once('SIGINT', () => {
        clearInterval(timer)
        resolve()
      })
    })
  }
}

function safeSize(file: string): number {
  try {
    return statSync(file).size
  } catch {
    return 0
  }
}
