// "What's wrong with X?": the offline parser finds the one object a question names, and the words inside that name
// never choose a playbook. The sample set (test/fixtures/intents.sample.jsonl) holds 40+ such questions; these are
// the rules behind them, each with the success next to the refusal.
import { describe, expect, it } from 'vitest'
import { resolvePaths } from '../../src/config/paths.js'
import { gateIntent } from '../../src/intent/check.js'
import { parseOffline } from '../../src/intent/offline.js'
import type { Intent } from '../../src/intent/types.js'
import { loadPlaybooks } from '../../src/planner/load.js'
import { matchPlaybook, servingPlaybooks } from '../../src/planner/match.js'

const playbooks = await loadPlaybooks({ paths: resolvePaths({ HOME: '/nonexistent' }) })
const serves = (i: Intent) => servingPlaybooks(playbooks, i).length > 0

function ask(q: string, environments: string[] = []) {
  const { intent } = parseOffline(q, playbooks, environments)
  const v = gateIntent(intent, { playbooks, serves, environments, minConfidence: 0.8 })
  if (!v.accepted) return { accepted: false as const, reason: v.reason, intent }
  return {
    accepted: true as const,
    target: v.intent.target,
    playbook: matchPlaybook(playbooks, v.intent, q)?.playbook.metadata.name,
  }
}

describe('a question that names one object', () => {
  // Each name holds a word that, alone, picks a category playbook.
  const categoryWordNames = [
    ['data-processor', 'processor'],
    ['task-scheduler', 'scheduler'],
    ['billing-api', 'billing'],
    ['memory-cache', 'memory'],
    ['cost-exporter', 'cost'],
    ['node-agent', 'node'],
    ['event-router', 'event'],
    ['crash-reporter', 'crash'],
    ['pending-orders', 'pending'],
  ]

  it.each(categoryWordNames)('goes to the diagnosis when the name is %s (holds "%s")', (name) => {
    for (const q of [`what's wrong with ${name}?`, `why is the ${name} pod failing`, `diagnose ${name} in shop`]) {
      const u = ask(q)
      expect(u, q).toMatchObject({ accepted: true, playbook: 'k8s-diagnose', target: { name } })
    }
  })

  it('while the same word, not inside a name, still picks its category', () => {
    expect(ask('which pods use the most memory in prod')).toMatchObject({ playbook: 'k8s-memory-pressure' })
    expect(ask('why are pods pending in staging')).toMatchObject({ playbook: 'k8s-pending-pods' })
    expect(ask('what drove our aws cost up last week')).toMatchObject({ playbook: 'aws-cost-breakdown' })
    expect(ask('recent warning events in prod')).toMatchObject({ playbook: 'k8s-warning-events' })
  })

  it('a word inside the name adds no confidence and no candidate', () => {
    const plain = parseOffline("what's wrong with payments-api?", playbooks)
    const loaded = parseOffline("what's wrong with cpu-memory-cost-crash?", playbooks)
    expect(loaded.intent.confidence).toBe(plain.intent.confidence)
    expect(loaded.candidates).toEqual([{ playbook: 'k8s-diagnose', score: 2 }])
  })

  it('reads the kind, the namespace and the environment around the name', () => {
    expect(ask('why is the checkout deployment in the shop namespace stuck in prod')).toMatchObject({
      target: { name: 'checkout', kind: 'deployment', namespace: 'shop', scope: 'prod', provider: 'kubernetes' },
    })
    expect(ask("what's wrong with payment-api in shop?")).toMatchObject({
      target: { name: 'payment-api', namespace: 'shop' },
    })
    // "in prod" after the name is the environment, not a namespace.
    const inProd = ask("what's wrong with payment-api in prod?")
    expect(inProd).toMatchObject({ target: { name: 'payment-api', scope: 'prod' } })
    expect(inProd.accepted && inProd.target.namespace).toBeUndefined()
  })

  it('an AWS id names its kind and provider', () => {
    expect(parseOffline('is i-0abc1234def567890 healthy?', playbooks).intent.target).toMatchObject({
      provider: 'aws',
      name: 'i-0abc1234def567890',
      kind: 'instance',
      resource_type: 'aws_ec2_instance',
    })
  })

  it('a backtick-quoted name is a name; a backtick around anything else is refused', () => {
    expect(ask('diagnose `cost-exporter`')).toMatchObject({ accepted: true, target: { name: 'cost-exporter' } })
    expect(ask("what's wrong with `rm -rf /`")).toMatchObject({ accepted: false })
    expect(ask('check `$(reboot)` pod')).toMatchObject({ accepted: false })
  })

  it('a request to change the named object is still refused', () => {
    for (const q of ['restart the payment-api deployment', 'delete pod checkout-7c9d6b5f4-qwz8r', 'scale redis to 3']) {
      expect(ask(q), q).toMatchObject({ accepted: false })
    }
  })

  it('ordinary words where a name would stand are no name', () => {
    for (const q of [
      'what is wrong with my pods in prod',
      'why are the nodes not ready',
      'show me high memory pods',
      'crashlooping pods in kube-system',
      'why is cpu high on the prod cluster',
      // A word that a playbook keyword begins ("restart" → restarts) is no name, even where a name would stand.
      'any issues with restarts in prod',
      "what's wrong with throttling on staging",
    ]) {
      const { intent } = parseOffline(q, playbooks)
      expect(intent.target?.name, q).toBeUndefined()
    }
  })
})

describe('the gate and the planner for named objects', () => {
  const named: Intent = {
    intent_type: 'investigate',
    target: {
      provider: 'kubernetes',
      resource_type: 'kubernetes_pod',
      scope: 'default',
      name: 'checkout',
      kind: 'pod',
    },
    goal: 'diagnose',
    confidence: 0.9,
  }

  it('only a named-object playbook serves an intent with a name, and it serves no other', () => {
    expect(servingPlaybooks(playbooks, named).map((p) => p.playbook.metadata.name)).toEqual(['k8s-diagnose'])
    const {
      name: _n,
      kind: _k,
      ...category
    } = named.target ?? { provider: 'kubernetes', resource_type: 'kubernetes_pod', scope: 'default' }
    const unnamed = servingPlaybooks(playbooks, { ...named, target: category, goal: 'crashloop' })
    expect(unnamed.map((p) => p.playbook.metadata.name)).not.toContain('k8s-diagnose')
    expect(unnamed.length).toBeGreaterThan(0)
  })

  it('accepts a kind of the intent provider and refuses one of the other', () => {
    const opts = { playbooks, serves, environments: [], minConfidence: 0.8 }
    expect(gateIntent(named, opts)).toMatchObject({ accepted: true })
    const wrong = { ...named, target: { ...named.target, kind: 'security_group' } }
    expect(gateIntent(wrong, opts)).toMatchObject({
      accepted: false,
      reason: 'a security_group is not a kubernetes object',
    })
  })
})
