// checkAnchor, the writer's guard before every append and rotation: each way a log can differ from what its head
// anchor signed is refused with its own message, and next to each refusal the log that is as signed passes,
// including a head left one or more records behind by a crash (found by reading back from the end of the file).
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkAnchor, type Tail } from '../../src/audit/anchor.js'
import { type AuditHead, headPath, readHead, writeHead } from '../../src/audit/head.js'
import { FileAuditSink, localActor, readTail } from '../../src/audit/writer.js'
import { resolvePaths } from '../../src/config/paths.js'
import { ensureSigningKey, loadSigningKey, type SigningKey } from '../../src/config/signing-key.js'
import { AuditInvalidError } from '../../src/errors.js'

let dir: string
let log: string
let key: SigningKey
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cloudops-anchor-'))
  log = join(dir, 'audit.jsonl')
  const paths = resolvePaths({ HOME: dir })
  ensureSigningKey(paths)
  key = loadSigningKey(paths) as SigningKey
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** n step records (each `pad` characters of data), the head following each; signed when a key is given. */
async function writeLog(n: number, k?: SigningKey, pad = 10) {
  const sink = new FileAuditSink(log, localActor(), k)
  for (let i = 0; i < n; i++) {
    await sink.append({ run_id: 'run-1', kind: 'step_finished', data: { step: `s${i}`, note: 'x'.repeat(pad) } })
  }
}
const records = () =>
  readFileSync(log, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { seq: number; hash: string; ts: string })
const tail = () => readTail(log) as Tail
/** The head as it was after record `seq` was written (what a crash before the next head write leaves). */
const headAt = (seq: number, k?: SigningKey) => {
  const r = records().find((x) => x.seq === seq) as { seq: number; hash: string; ts: string }
  writeHead(log, { seq: r.seq, hash: r.hash, ts: r.ts }, k)
}
const refusal = (t: Tail | undefined, k?: SigningKey) => {
  try {
    checkAnchor(log, t, k)
  } catch (err) {
    expect(err).toBeInstanceOf(AuditInvalidError)
    const e = err as AuditInvalidError
    expect(e.hint).toBe(
      `Run \`cloudops audit verify\` to see what changed. Keep ${log} and its .head as evidence: move both aside, and cloudops starts a new log.`,
    )
    return e.message
  }
  return undefined
}
const refused = (why: string) => `the audit log ${log} ${why}; nothing was run`

describe('no log yet', () => {
  it('no records and no head: the first append may go ahead, with a key or without', () => {
    expect(refusal(undefined, key)).toBeUndefined()
    expect(refusal(undefined)).toBeUndefined()
  })

  it('no records but a head: refused (the log was deleted or emptied)', async () => {
    await writeLog(1)
    unlinkSync(log)
    expect(refusal(undefined)).toBe(refused('is missing or empty but its head anchor exists'))
  })

  it('an unreadable head is refused before anything else, even with no records', () => {
    writeFileSync(headPath(log), '{')
    expect(refusal(undefined)).toBe(refused('has an unreadable head anchor'))
  })
})

describe('records but no head', () => {
  it('refused with a signing key; accepted without one (an unsigned log may predate its head)', async () => {
    await writeLog(2)
    unlinkSync(headPath(log))
    expect(refusal(tail(), key)).toBe(refused('has records but no head anchor, though a signing key exists'))
    expect(refusal(tail())).toBeUndefined()
  })
})

describe('the head signature, with a key', () => {
  it('valid: accepted', async () => {
    await writeLog(2, key)
    expect(refusal(tail(), key)).toBeUndefined()
  })

  it('missing (an unsigned head): refused with a key, accepted without one', async () => {
    await writeLog(2)
    expect(refusal(tail(), key)).toBe(refused('has a head anchor whose signature is missing'))
    expect(refusal(tail())).toBeUndefined()
  })

  it('invalid (another key’s, or a forged one): refused', async () => {
    await writeLog(2, key)
    const head = readHead(log) as AuditHead
    writeFileSync(headPath(log), JSON.stringify({ ...head, sig: Buffer.alloc(64, 7).toString('base64') }))
    expect(refusal(tail(), key)).toBe(refused('has a head anchor whose signature is invalid'))
    // Without the key there is nothing to check it against: the chain checks below still apply.
    expect(refusal(tail())).toBeUndefined()
  })
})

describe('where the head points', () => {
  it('at the last record, with its hash: accepted; with another hash: refused', async () => {
    await writeLog(3, key)
    expect(refusal(tail(), key)).toBeUndefined()
    const t = tail()
    expect(refusal({ seq: t.seq, hash: '0'.repeat(64) }, key)).toBe(
      refused('does not hold the record its head anchor signed at seq 3 (rewritten or cut?)'),
    )
  })

  it('past the last record: refused as a cut tail, naming both seqs', async () => {
    await writeLog(4, key)
    const cut = readFileSync(log, 'utf8').trimEnd().split('\n').slice(0, 2)
    writeFileSync(log, `${cut.join('\n')}\n`)
    expect(refusal(tail(), key)).toBe(refused('ends at seq 2 but its head anchor says 4 (tail cut?)'))
  })

  it('one record behind the last (a crash between the append and the head): accepted, with or without a key', async () => {
    await writeLog(3, key)
    headAt(2, key)
    expect(refusal(tail(), key)).toBeUndefined()
    headAt(2)
    expect(refusal(tail())).toBeUndefined()
  })

  it('at the first record of a small file: found there, and accepted', async () => {
    await writeLog(3)
    headAt(1)
    expect(refusal(tail())).toBeUndefined()
  })

  it('behind the last record, but the record there was rewritten: refused', async () => {
    await writeLog(3)
    headAt(2)
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n')
    const second = JSON.parse(lines[1] as string)
    lines[1] = JSON.stringify({ ...second, hash: 'f'.repeat(64) })
    writeFileSync(log, `${lines.join('\n')}\n`)
    expect(refusal(tail())).toBe(
      refused('does not hold the record its head anchor signed at seq 2 (rewritten or cut?)'),
    )
  })

  it('behind the last record, at a seq the log no longer holds: refused', async () => {
    await writeLog(4)
    headAt(3)
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n')
    writeFileSync(log, `${[lines[0], lines[1], lines[3]].join('\n')}\n`) // seq 3 cut out of the middle
    expect(refusal(tail())).toBe(
      refused('does not hold the record its head anchor signed at seq 3 (rewritten or cut?)'),
    )
  })

  it('behind the last record, whose line there has a hash that is not a string: refused', async () => {
    await writeLog(3)
    headAt(2)
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n')
    const second = JSON.parse(lines[1] as string)
    lines[1] = JSON.stringify({ ...second, hash: 12345 })
    writeFileSync(log, `${lines.join('\n')}\n`)
    expect(refusal(tail())).toBe(
      refused('does not hold the record its head anchor signed at seq 2 (rewritten or cut?)'),
    )
  })

  it('behind the last record, past blank, garbage and null lines after it: found and accepted', async () => {
    await writeLog(2)
    headAt(1)
    const last = records()[1] as { seq: number; hash: string }
    appendFileSync(log, '\n   \nnot json {\nnull\n[]\n')
    expect(refusal({ seq: last.seq, hash: last.hash })).toBeUndefined()
  })

  it('far behind, in a log larger than one read (64 KiB): found by reading further back, and accepted', async () => {
    await writeLog(100, undefined, 2000) // about 250 KiB: the record is beyond the first and the second read
    headAt(3)
    expect(refusal(tail())).toBeUndefined()
    const head = readHead(log) as AuditHead
    writeHead(log, { ...head, hash: 'e'.repeat(64) })
    expect(refusal(tail())).toBe(
      refused('does not hold the record its head anchor signed at seq 3 (rewritten or cut?)'),
    )
  })

  it('far behind, at a seq cut out of a large log: refused once older records are reached', async () => {
    await writeLog(100, undefined, 2000)
    headAt(50)
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n')
    writeFileSync(log, `${lines.filter((_, i) => i !== 49).join('\n')}\n`)
    expect(refusal(tail())).toBe(
      refused('does not hold the record its head anchor signed at seq 50 (rewritten or cut?)'),
    )
  })

  it('behind the last record, at a seq no older record precedes, which the log no longer holds: refused', async () => {
    await writeLog(3)
    headAt(1)
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n')
    writeFileSync(log, `${lines.slice(1).join('\n')}\n`) // seq 1 cut from the start: 2 and 3 remain
    expect(refusal(tail())).toBe(
      refused('does not hold the record its head anchor signed at seq 1 (rewritten or cut?)'),
    )
  })

  it('far behind, with an older seq met on the way back before it (records out of order): refused', async () => {
    await writeLog(100, undefined, 2000)
    headAt(3)
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n')
    // A copy of record 2 near the end: reading back, seq 2 comes before seq 3 does, so 3 is not where it belongs.
    writeFileSync(log, `${[...lines.slice(0, 99), lines[1], lines[99]].join('\n')}\n`)
    expect(refusal(tail())).toBe(
      refused('does not hold the record its head anchor signed at seq 3 (rewritten or cut?)'),
    )
  })

  it('a read that starts inside a line does not take that line’s cut-off end for a record', async () => {
    await writeLog(5)
    headAt(3) // the real record 3, further back than the first read (the last 64 KiB) reaches
    // A line whose end, cut exactly where the first read starts, reads as another record 3.
    const fragment = `{"seq":3,"hash":"${'0'.repeat(64)}"}`
    const fillers: string[] = []
    let room = 64 * 1024 - fragment.length - 1
    for (let seq = 10; room > 0; seq++) {
      const pad = Math.max(0, Math.min(100, room - `{"seq":${seq},"hash":""}\n`.length))
      const line = `{"seq":${seq},"hash":"${'f'.repeat(pad)}"}`
      fillers.push(line)
      room -= line.length + 1
    }
    expect(room).toBe(0)
    appendFileSync(log, `junk${fragment}\n${fillers.join('\n')}\n`)
    const size = readFileSync(log).length
    expect(
      readFileSync(log)
        .subarray(size - 64 * 1024, size - 64 * 1024 + fragment.length)
        .toString(),
    ).toBe(fragment)
    const last = JSON.parse(fillers.at(-1) as string) as Tail
    expect(refusal(last)).toBeUndefined()
  })

  it('leaves no file open, however far back it reads', async () => {
    await writeLog(100, undefined, 2000)
    headAt(3)
    const open = () => readdirSync('/proc/self/fd').length
    const before = open()
    for (let i = 0; i < 20; i++) expect(refusal(tail())).toBeUndefined()
    expect(open()).toBeLessThan(before + 10) // a handle left per read would be 20 more
  })
})
