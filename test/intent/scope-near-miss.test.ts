// A question that names an environment that is not configured but nearly spells one ("sandbx") is refused with
// "did you mean sandbox?" (exit 3); it never falls back to `default`, which may be production. Each refusal here has
// the matching success next to it: the exact name, no environment word at all, and ordinary words that look close.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditSink } from '../../src/audit/sink.js'
import { resolvePaths } from '../../src/config/paths.js'
import { gateIntent } from '../../src/intent/check.js'
import { closestEnvironment, suggestEnvironment } from '../../src/intent/near-miss.js'
import { parseOffline } from '../../src/intent/offline.js'
import type { Intent } from '../../src/intent/types.js'
import { loadPlaybooks } from '../../src/planner/load.js'
import { servingPlaybooks } from '../../src/planner/match.js'
import { understand } from '../../src/services/intent.js'
import type { Sources } from '../../src/services/sources.js'
import { editDistance } from '../../src/util/edit-distance.js'
import { cliSandbox, type Sandbox } from '../support/cli.js'

const playbooks = await loadPlaybooks({ paths: resolvePaths({ HOME: '/nonexistent' }) })
const serves = (i: Intent) => servingPlaybooks(playbooks, i).length > 0
const environments = ['sandbox', 'payments', 'prod']

function offline(q: string, envs: string[] = environments) {
  const { intent } = parseOffline(q, playbooks, envs)
  return gateIntent(intent, { playbooks, serves, environments: envs, minConfidence: 0.8 })
}

const scopeOf = (q: string, envs: string[] = environments) => {
  const v = offline(q, envs)
  if (!v.accepted) throw new Error(`not accepted: ${v.reason}`)
  return v.intent.target.scope
}

describe('edit distance and the closest environment', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('sandbx', 'sandbox')).toBe(1)
    expect(editDistance('prdo', 'prod')).toBe(1)
    expect(editDistance('sanbdox', 'sandbox')).toBe(1)
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
  })

  it('suggests what a typo nearly spells, configured names first', () => {
    expect(closestEnvironment('sandbx', environments)).toBe('sandbox')
    expect(closestEnvironment('paymnts', environments)).toBe('payments')
    expect(closestEnvironment('stagng', [])).toBe('staging')
    expect(closestEnvironment('producton', [])).toBe('production')
    expect(closestEnvironment('dve', [])).toBe('dev')
  })

  it('does not call an exact name, a short name or a distant word a typo', () => {
    for (const w of ['sandbox', 'prod', 'production', 'live', 'stg', 'default']) {
      expect(closestEnvironment(w, environments), w).toBeUndefined()
    }
    // 3-letter names only match a swap; "den" is not "dev", "qb" is not "qa".
    expect(closestEnvironment('den', [])).toBeUndefined()
    expect(closestEnvironment('qb', ['qa'])).toBeUndefined()
    expect(closestEnvironment('kubernetes', environments)).toBeUndefined()
  })

  it('maps a synonym the gate refuses to its scope', () => {
    expect(suggestEnvironment('production', [])).toBe('prod')
    expect(suggestEnvironment('sandbx', ['sandbox'])).toBe('sandbox')
    expect(suggestEnvironment('qa', ['sandbox'])).toBeUndefined()
  })
})

describe('the offline parser and the gate', () => {
  it('refuse an environment that is nearly a configured one, naming it, instead of using default', () => {
    for (const [q, word, guess] of [
      ['crashlooping pods in sandbx', 'sandbx', 'sandbox'],
      ['crashlooping pods in the sandbx cluster', 'sandbx', 'sandbox'],
      ['crashlooping pods on the sanbdox env', 'sanbdox', 'sandbox'],
      ['unattached ebs volumes in paymnts', 'paymnts', 'payments'],
      ['crashlooping pods in prdo', 'prdo', 'prod'],
      ['pending pods in stagng', 'stagng', 'staging'],
      ['crashlooping pods in producton', 'producton', 'production'],
    ] as const) {
      const v = offline(q)
      expect(v.accepted, q).toBe(false)
      if (v.accepted) continue
      expect(v.reason, q).toBe(`environment "${word}" is not configured; did you mean ${guess}?`)
      expect(v.intent?.target?.scope, q).toBe(word)
      expect(v.unknownEnvironment, q).toEqual({ name: word, suggestion: guess })
    }
  })

  it('accept the exact name, a synonym, and a question that names no environment', () => {
    expect(scopeOf('crashlooping pods in sandbox')).toBe('sandbox')
    expect(scopeOf('crashlooping pods in the sandbox cluster')).toBe('sandbox')
    expect(scopeOf('unattached ebs volumes in payments')).toBe('payments')
    expect(scopeOf('crashlooping pods in production')).toBe('prod')
    expect(scopeOf('pending pods in stage')).toBe('staging')
    expect(scopeOf('crashlooping pods')).toBe('default')
    expect(scopeOf('why is pod x crashing')).toBe('default')
  })

  it('never takes an ordinary word for a misspelt environment', () => {
    for (const q of [
      'why is pod x crashing',
      'restarts on pod payment-api',
      'crashlooping pods in the pod payment-api',
      'crashlooping pods in a bad state',
      'crashlooping pods in the state they are in',
      'crashlooping pods in line with the alert',
      'crashlooping pods for developers',
      'crashlooping pods in payment namespace',
      'crashlooping pods in the payment namespace',
      'crashlooping pods in prod-eks',
      'security groups open to the internet',
      'is ssh open to the world anywhere in prod',
      'warning events in the last day',
      'aws cost by service for the past week',
      'idle instances across all accounts',
      'node health on the node',
    ]) {
      const v = offline(q)
      expect(v.accepted ? 'accepted' : v.reason, q).toBe('accepted')
    }
  })

  it('adds the suggestion when a question is also about nothing cloudops can look at', () => {
    const v = offline('pods in sandbx')
    expect(v.accepted).toBe(false)
    if (!v.accepted)
      expect(v.reason).toMatch(/not about anything.*environment "sandbx" is not configured; did you mean sandbox\?/)
    const exact = offline('pods in sandbox')
    if (!exact.accepted) expect(exact.reason).not.toMatch(/did you mean/)
  })

  it('the gate refuses an LLM-supplied scope close to a configured one with the suggestion', () => {
    const intent = (scope: string) => ({
      intent_type: 'investigate',
      target: { provider: 'kubernetes', resource_type: 'kubernetes_pod', scope },
      goal: 'crashloop',
      confidence: 0.95,
    })
    const gate = (scope: string) => gateIntent(intent(scope), { playbooks, serves, environments, minConfidence: 0.8 })
    const near = gate('sandbx')
    expect(near).toMatchObject({
      accepted: false,
      reason: 'environment "sandbx" is not configured; did you mean sandbox?',
    })
    expect(gate('production')).toMatchObject({ accepted: false, reason: expect.stringMatching(/did you mean prod\?/) })
    const far = gate('qa')
    expect(far).toMatchObject({ accepted: false, reason: 'environment "qa" is not configured' })
    expect(gate('sandbox').accepted).toBe(true)
    expect(gate('default').accepted).toBe(true)
  })

  it('the gate refuses a misspelt environment in the question whatever scope a model chose for it', () => {
    const intent = (scope: string) => ({
      intent_type: 'investigate',
      target: { provider: 'kubernetes', resource_type: 'kubernetes_pod', scope },
      goal: 'crashloop',
      confidence: 0.95,
    })
    const gate = (scope: string, question: string) =>
      gateIntent(intent(scope), { playbooks, serves, environments, minConfidence: 0.8, question })
    // Read as the environment it nearly spells, or as nothing at all (default): both refused.
    for (const scope of ['sandbox', 'default']) {
      expect(gate(scope, 'why are pods crashing in sandbx?')).toMatchObject({
        accepted: false,
        reason: 'environment "sandbx" is not configured; did you mean sandbox?',
        unknownEnvironment: { name: 'sandbx', suggestion: 'sandbox' },
      })
    }
    expect(gate('sandbox', 'why are pods crashing in sandbox?').accepted).toBe(true)
    expect(gate('default', 'why is pod x crashing?').accepted).toBe(true)
    expect(gate('prod', 'why are pods crashing in production?').accepted).toBe(true)
  })

  it('offers no playbook to pick for an unknown environment (ask would go on with it)', async () => {
    const records: unknown[] = []
    const sink: AuditSink = {
      append: async (e) => {
        records.push(e)
      },
      close: async () => {},
    }
    const src = {
      paths: resolvePaths({ HOME: '/nonexistent' }),
      config: { environments: { sandbox: {} } },
      playbooks,
    } as unknown as Sources
    const audit = { sink, runId: 'RUNTEST1' }
    const refused = await understand(src, { question: 'crashlooping pods in sandbx', provider: 'offline' }, audit)
    expect(refused.verdict.accepted).toBe(false)
    expect(refused.candidates).toEqual([])
    expect(records).toHaveLength(1)
    const ok = await understand(src, { question: 'crashlooping pods in sandbox', provider: 'offline' }, audit)
    expect(ok.verdict.accepted).toBe(true)
    expect(ok.playbook).toBe('k8s-crashloop-pods')
  })
})

describe('the CLI', () => {
  let sb: Sandbox
  beforeAll(() => {
    sb = cliSandbox()
    const dir = join(sb.env.XDG_CONFIG_HOME as string, 'cloudops')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'config.yaml'), 'environments:\n  sandbox:\n    kubernetes: { context: kind-sandbox }\n')
  })
  afterAll(() => sb.cleanup())

  it('ask refuses "sandbx" with exit 3 and "did you mean sandbox?", and runs nothing', () => {
    const r = sb.run(['ask', '--provider', 'offline', 'crashlooping pods in sandbx'])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/environment "sandbx" is not configured; did you mean sandbox\?/)
    const j = sb.run(['plan', '--provider', 'offline', 'crashlooping pods in sandbx', '--json'])
    expect(j.code).toBe(3)
    expect(JSON.parse(j.stdout).error.message).toMatch(/did you mean sandbox\?/)
    const log = readFileSync(join(sb.env.XDG_STATE_HOME as string, 'cloudops', 'audit.jsonl'), 'utf8')
    expect(log).toContain('"intent_rejected"')
    expect(log).not.toContain('"plan_created"')
  })

  it('the exact name plans against that environment', () => {
    const r = sb.run(['plan', '--provider', 'offline', 'crashlooping pods in sandbox', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).environment).toMatchObject({
      name: 'sandbox',
      resolved: true,
      kubernetes: { context: 'kind-sandbox' },
    })
  })
})
