// The CloudEvent a record ships as, and what metadata mode drops.
import { describe, expect, it } from 'vitest'
import { type AuditRecord, sealRecord } from '../../src/audit/record.js'
import { cloudEventText, copyHash, shippedRecord, subjectFor, toCloudEvent } from '../../src/team/event.js'
import { canonicalJson, sha256Hex } from '../../src/util/hash.js'

const record0 = () => ({
  v: 1,
  seq: 3,
  ts: '2026-11-01T00:00:00.000Z',
  run_id: 'RUN1',
  kind: 'intent_parsed' as const,
  actor: { user: 'ann lee', host: 'build.01', tool_version: '0.1.0' },
  data: {},
  prev: 'a'.repeat(64),
})
const record = (data: Record<string, unknown>): AuditRecord => sealRecord({ ...record0(), data }).record

describe('audit record as a CloudEvent', () => {
  it('maps id, type, source, subject and time as CONTRACTS.md says', () => {
    const r = record({ playbook: 'x' })
    expect(toCloudEvent(r, 'full')).toEqual({
      specversion: '1.0',
      id: r.hash,
      type: 'dev.cloudops.audit.intent_parsed',
      source: 'cloudops://build.01/ann%20lee',
      subject: 'RUN1',
      time: '2026-11-01T00:00:00.000Z',
      datacontenttype: 'application/json',
      data: r,
    })
  })

  it('metadata mode replaces question, LLM text and evidence at any depth by their SHA-256', () => {
    const r = record({
      question: 'why is payment-api down?',
      intent: { clarification: 'which namespace?', goal: 'identify_root_cause' },
      findings: [{ id: 'f1', evidence: { log: 'secret-ish line' } }],
      playbook: 'k8s-diagnose',
    })
    const copy = shippedRecord(r, 'metadata')
    expect(JSON.stringify(copy)).not.toMatch(/payment-api|which namespace|secret-ish/)
    expect(copy.data.question).toEqual({ redacted_sha256: sha256Hex(canonicalJson('why is payment-api down?')) })
    expect(copy.redacted).toEqual(['data.question', 'data.intent.clarification', 'data.findings.0.evidence'])
    expect(copy.data.playbook).toBe('k8s-diagnose')
    expect(copy.hash).toBe(r.hash)
    expect(copy.prev).toBe(r.prev)
    const { copy_hash, ...rest } = copy
    expect(copy_hash).toBe(copyHash(rest))
  })

  it('a record with nothing to drop ships whole in metadata mode, and full mode ships everything', () => {
    const plain = record({ step: 's1', status: 'ok' })
    expect(shippedRecord(plain, 'metadata')).toEqual(plain)
    const asked = record({ question: 'q?' })
    expect(shippedRecord(asked, 'full')).toEqual(asked)
  })

  it('the event text carries the log line as data when the record ships whole, and equals the event', () => {
    const { record, line } = sealRecord({ ...record0(), data: { step: 's1' } })
    expect(cloudEventText(record, line, 'metadata')).toContain(`"data":${line}}`)
    expect(JSON.parse(cloudEventText(record, line, 'full'))).toEqual(toCloudEvent(record, 'full'))
    const asked = sealRecord({ ...record0(), data: { question: 'q?' } })
    expect(JSON.parse(cloudEventText(asked.record, asked.line, 'metadata'))).toEqual(
      toCloudEvent(asked.record, 'metadata'),
    )
  })

  it('a host name becomes one subject token', () => {
    expect(subjectFor('build.01 *>x')).toBe('cloudops.audit.build_01___x')
  })
})
