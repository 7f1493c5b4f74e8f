// `audit rotate`: the live file becomes audit.<n>.jsonl and a new file starts with a record linking to the
// previous file's last record, so verify follows the chain across files.
import { existsSync, renameSync, rmSync } from 'node:fs'
import { basename } from 'node:path'
import type { SigningKey } from '../config/signing-key.js'
import { UsageError } from '../errors.js'
import { checkAnchor } from './anchor.js'
import { logFiles, rotatedName } from './files.js'
import { writeHead } from './head.js'
import { AUDIT_VERSION, sealRecord } from './record.js'
import { newRunId } from './run-id.js'
import type { AuditActor } from './sink.js'
import { appendLine, readTail, withLogLock } from './writer.js'

interface RotateResult {
  rotated_to: string
  new_log: string
  seq: number
}

export async function rotateAuditLog(
  log: string,
  actor: AuditActor,
  key?: SigningKey,
  now = new Date(),
): Promise<RotateResult> {
  return withLogLock(log, () => {
    const tail = existsSync(log) ? readTail(log) : undefined
    checkAnchor(log, tail, key) // never rotate (and re-sign) over a cut or rewritten log
    if (!tail) throw new UsageError(`${log} has no records to rotate`, { hint: 'Nothing to do.' })
    const n = logFiles(log).length // rotated files + the live one
    const target = rotatedName(log, n)
    renameSync(log, target)
    const { record, line } = sealRecord({
      v: AUDIT_VERSION,
      seq: tail.seq + 1,
      ts: now.toISOString(),
      run_id: newRunId(now.getTime()),
      kind: 'log_rotated',
      actor,
      data: { previous_file: basename(target), previous_last_seq: tail.seq, previous_last_hash: tail.hash },
      prev: tail.hash,
    })
    try {
      const written = appendLine(log, line)
      try {
        writeHead(log, { seq: record.seq, hash: record.hash, ts: record.ts }, key)
      } catch (err) {
        written.undo()
        throw err
      }
    } catch (err) {
      rmSync(log, { force: true })
      renameSync(target, log) // all or nothing: the log is as it was
      throw err
    }
    return { rotated_to: target, new_log: log, seq: record.seq }
  })
}
