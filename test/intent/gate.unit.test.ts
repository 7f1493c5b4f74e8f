// The intent gate, check by check: the schema, unsupported and untargeted intents, kind against provider, the scope,
// a serving playbook, and the confidence threshold at its exact edge. Each refusal beside what it lets through.
import { describe, expect, it, vi } from 'vitest'
import { resolvePaths } from '../../src/config/paths.js'
import { gateIntent } from '../../src/intent/check.js'
import type { Intent } from '../../src/intent/types.js'
import { loadPlaybooks } from '../../src/planner/load.js'
import { servingPlaybooks } from '../../src/planner/match.js'

const playbooks = await loadPlaybooks({ paths: resolvePaths({ HOME: '/nonexistent' }) })
const serves = (i: Intent) => servingPlaybooks(playbooks, i).length > 0
const environments = ['sandbox', 'payments']

const crashloop = (over: Record<string, unknown> = {}, target: Record<string, unknown> = {}) => ({
  intent_type: 'investigate',
  target: { provider: 'kubernetes', resource_type: 'kubernetes_pod', scope: 'sandbox', ...target },
  goal: 'crashloop',
  confidence: 0.9,
  ...over,
})

type GateOptions = Parameters<typeof gateIntent>[1]
const gate = (data: unknown, over: Partial<GateOptions> = {}) =>
  gateIntent(data, { playbooks, serves, environments, minConfidence: 0.8, ...over })

describe('the schema', () => {
  it('accepts a valid intent as it is', () => {
    const intent = crashloop()
    expect(gate(intent)).toEqual({ accepted: true, intent })
  })

  it('refuses an intent the schema does not allow, with the first problem and no intent', () => {
    const cases: [unknown, string][] = [
      [crashloop({ confidence: 1.5 }), 'confidence must be <= 1'],
      [crashloop({ confidence: '0.9' }), 'confidence must be number'],
      [{ intent_type: 'investigate' }, 'missing required key "confidence" in the top level'],
      [
        crashloop({ intent_type: 'delete' }),
        'intent_type must be one of: investigate, audit, cost_analysis, list, unsupported',
      ],
      [crashloop({}, { scope: 'Prod!' }), 'target.scope must match pattern "^[a-z0-9][a-z0-9_-]{0,62}$"'],
      ['investigate pods', 'the top level must be object'],
      [null, 'the top level must be object'],
    ]
    for (const [data, problem] of cases) {
      expect(gate(data)).toEqual({ accepted: false, intent: null, reason: `the intent is invalid: ${problem}` })
    }
  })

  it('refuses an extra key, at the top or in the target', () => {
    expect(gate(crashloop({ action: 'kubectl delete pod' }))).toEqual({
      accepted: false,
      intent: null,
      reason: 'the intent is invalid: unknown key "action" in the top level',
    })
    expect(gate(crashloop({}, { command: 'rm -rf /' }))).toMatchObject({
      accepted: false,
      reason: 'the intent is invalid: unknown key "command" in target',
    })
  })
})

describe('what the intent asks', () => {
  it('refuses an unsupported request, with its reason or the default one', () => {
    const said = { intent_type: 'unsupported', confidence: 1, reason: 'deleting pods is not read-only' }
    expect(gate(said)).toEqual({ accepted: false, intent: said, reason: 'deleting pods is not read-only' })
    const bare = { intent_type: 'unsupported', confidence: 1 }
    expect(gate(bare)).toEqual({
      accepted: false,
      intent: bare,
      reason: 'the request is not supported (cloudops is read-only)',
    })
    // Even at full confidence and with a serving target and goal.
    expect(gate(crashloop({ intent_type: 'unsupported', confidence: 1 })).accepted).toBe(false)
  })

  it('refuses an intent with no target or no goal, passing its clarification on', () => {
    const { target: _t, ...noTarget } = crashloop({ clarification: 'Which cluster?' })
    expect(gate(noTarget)).toEqual({
      accepted: false,
      intent: noTarget,
      reason: 'the intent names no target or goal',
      clarification: 'Which cluster?',
    })
    const { goal: _g, ...noGoal } = crashloop()
    expect(gate(noGoal)).toMatchObject({ accepted: false, reason: 'the intent names no target or goal' })
  })

  it("refuses a kind of the other provider's, and accepts one of its own", () => {
    const diagnose = (provider: string, resource_type: string, kind: string) =>
      gate(crashloop({ goal: 'diagnose' }, { provider, resource_type, kind, name: 'payment-api' }))
    expect(diagnose('kubernetes', 'kubernetes_pod', 'instance')).toMatchObject({
      accepted: false,
      reason: 'a instance is not a kubernetes object',
    })
    expect(diagnose('aws', 'aws_ec2_instance', 'pod')).toMatchObject({
      accepted: false,
      reason: 'a pod is not a aws object',
    })
    expect(diagnose('kubernetes', 'kubernetes_deployment', 'deployment').accepted).toBe(true)
    expect(diagnose('aws', 'aws_ec2_instance', 'instance').accepted).toBe(true)
  })
})

describe('the scope', () => {
  it('accepts a configured environment and every standard scope, configured or not', () => {
    for (const scope of ['sandbox', 'payments', 'prod', 'staging', 'dev', 'default']) {
      expect(gate(crashloop({}, { scope })).accepted).toBe(true)
      expect(gate(crashloop({}, { scope }), { environments: [] }).accepted).toBe(
        scope !== 'sandbox' && scope !== 'payments',
      )
    }
  })

  it('refuses an environment that is not configured, with the one it nearly spells', () => {
    const intent = crashloop({}, { scope: 'sandbx' })
    expect(gate(intent)).toEqual({
      accepted: false,
      intent,
      reason: 'environment "sandbx" is not configured; did you mean sandbox?',
      clarification:
        'Ask again with sandbox in the question (configured: sandbox, payments; standard: prod, staging, dev, default, all).',
      unknownEnvironment: { name: 'sandbx', suggestion: 'sandbox' },
    })
  })

  it('refuses an environment that nothing resembles, asking which', () => {
    const intent = crashloop({}, { scope: 'qa' })
    expect(gate(intent)).toEqual({
      accepted: false,
      intent,
      reason: 'environment "qa" is not configured',
      clarification: 'Which environment? (configured: sandbox, payments; standard: prod, staging, dev, default, all)',
      unknownEnvironment: { name: 'qa' },
    })
    expect(gate(intent, { environments: [] })).toMatchObject({
      clarification: 'Which environment? (prod, staging, dev, default, all)',
    })
    // A configured standard name is listed once, among the configured ones.
    expect(gate(intent, { environments: ['sandbox', 'prod'] })).toMatchObject({
      clarification: 'Which environment? (configured: sandbox, prod; standard: staging, dev, default, all)',
    })
  })

  it('refuses a misspelt environment in the question, whatever the scope says', () => {
    const intent = crashloop({}, { scope: 'default' })
    expect(gate(intent, { question: 'why are pods crashing in sandbx?' })).toMatchObject({
      accepted: false,
      reason: 'environment "sandbx" is not configured; did you mean sandbox?',
      unknownEnvironment: { name: 'sandbx', suggestion: 'sandbox' },
    })
    expect(gate(intent, { question: 'why are pods crashing?' }).accepted).toBe(true)
  })

  it('asks no playbook about an intent refused for its scope', () => {
    const spy = vi.fn(serves)
    gate(crashloop({}, { scope: 'qa' }), { serves: spy })
    expect(spy).not.toHaveBeenCalled()
  })
})

describe('a serving playbook', () => {
  it('refuses an intent no playbook serves, however confident', () => {
    const intent = crashloop({ intent_type: 'cost_analysis', confidence: 1 })
    expect(gate(intent)).toEqual({
      accepted: false,
      intent,
      reason: 'no playbook serves cost_analysis of kubernetes_pod',
    })
  })

  it('asks the planner’s rule with the intent itself', () => {
    const intent = crashloop()
    const refuseAll = vi.fn(() => false)
    expect(gate(intent, { serves: refuseAll })).toMatchObject({
      accepted: false,
      reason: 'no playbook serves investigate of kubernetes_pod',
    })
    expect(refuseAll).toHaveBeenCalledWith(intent)
  })
})

describe('the confidence gate', () => {
  it('accepts exactly at the threshold and above it', () => {
    expect(gate(crashloop({ confidence: 0.8 })).accepted).toBe(true)
    expect(gate(crashloop({ confidence: 0.81 })).accepted).toBe(true)
    expect(gate(crashloop({ confidence: 0 }), { minConfidence: 0 }).accepted).toBe(true)
    expect(gate(crashloop({ confidence: 1 }), { minConfidence: 1 }).accepted).toBe(true)
  })

  it('refuses just below it, passing the clarification on', () => {
    const intent = crashloop({ confidence: 0.79, clarification: 'Which namespace?' })
    expect(gate(intent)).toEqual({
      accepted: false,
      intent,
      reason: 'confidence 0.79 is below the gate (0.8)',
      clarification: 'Which namespace?',
    })
    expect(gate(crashloop({ confidence: 0.999 }), { minConfidence: 1 })).toMatchObject({
      accepted: false,
      reason: 'confidence 0.999 is below the gate (1)',
    })
  })
})
