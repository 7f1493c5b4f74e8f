// Which targets a --env selector names, for what a playbook reaches: pure, from config.yaml alone.
import { describe, expect, it } from 'vitest'
import type { Config } from '../../src/config/config.js'
import { environmentsNamed, fleetTargets, isFleet, type PlaybookReach } from '../../src/planner/fleet.js'

const config: Config = {
  environments: {
    prod: {
      aws: {
        regions: ['us-east-1', 'eu-west-1'],
        accounts: [{ profile: 'prod-a' }, { profile: 'prod-b', regions: ['us-west-2'] }],
      },
      kubernetes: { contexts: ['eks-a', 'eks-b'], namespace: 'shop' },
    },
    staging: { aws: { profile: 'stg', regions: ['us-east-1'] }, kubernetes: { context: 'kind-stg' } },
  },
  groups: { everything: ['prod', 'staging'], staging: ['prod'] },
}
const kube: PlaybookReach = { aws: false, kubernetes: true, byRegion: false }
const regional: PlaybookReach = { aws: true, kubernetes: false, byRegion: true }
const global: PlaybookReach = { aws: true, kubernetes: false, byRegion: false }
const env = { AWS_REGION: 'eu-central-1' }
const ids = (names: string[], reach: PlaybookReach, c: Config = config) =>
  fleetTargets(c, names, reach, env).map((t) => t.id)

describe('environmentsNamed', () => {
  it('reads a list in order, all, a group, or one name; an environment wins over a group of its name', () => {
    expect(environmentsNamed(config, 'staging,prod,staging')).toEqual(['staging', 'prod'])
    expect(environmentsNamed(config, 'all')).toEqual(['prod', 'staging'])
    expect(environmentsNamed({}, 'all')).toEqual(['default'])
    expect(environmentsNamed(config, 'everything')).toEqual(['prod', 'staging'])
    expect(environmentsNamed(config, 'staging')).toEqual(['staging'])
    expect(environmentsNamed(config, undefined)).toEqual(['default'])
    expect(environmentsNamed(config, 'constructor')).toEqual(['constructor'])
  })

  it('is a fleet with several environments, or one that lists accounts or contexts', () => {
    expect(isFleet(config, ['staging'])).toBe(false)
    expect(isFleet(config, ['prod'])).toBe(true)
    expect(isFleet(config, ['staging', 'dev'])).toBe(true)
    expect(isFleet({}, ['default'])).toBe(false)
  })
})

describe('fleetTargets', () => {
  it('a cluster playbook: one target per context, holding only the Kubernetes side', () => {
    const targets = fleetTargets(config, ['prod', 'staging'], kube, env)
    expect(targets.map((t) => t.id)).toEqual(['prod/eks-a', 'prod/eks-b', 'staging'])
    expect(targets[1]).toEqual({
      id: 'prod/eks-b',
      env: 'prod',
      context: 'eks-b',
      environment: { name: 'prod', resolved: true, kubernetes: { context: 'eks-b', namespace: 'shop' } },
    })
    expect(targets[2]?.context).toBe('kind-stg')
  })

  it('a regional AWS playbook: one target per account and region, each account with its own regions', () => {
    expect(ids(['prod', 'staging'], regional)).toEqual([
      'prod/prod-a/us-east-1',
      'prod/prod-a/eu-west-1',
      'prod/prod-b/us-west-2',
      'staging/us-east-1',
    ])
    const [first] = fleetTargets(config, ['prod'], regional, env)
    expect(first).toMatchObject({
      account: 'prod-a',
      region: 'us-east-1',
      environment: { aws: { profile: 'prod-a', regions: ['us-east-1'] } },
    })
  })

  it('an AWS playbook with a step that does not fan out: one target per account, its regions inside', () => {
    const targets = fleetTargets(config, ['prod', 'staging'], global, env)
    expect(targets.map((t) => [t.id, t.account, t.environment.aws?.regions])).toEqual([
      ['prod/prod-a', 'prod-a', ['us-east-1', 'eu-west-1']],
      ['prod/prod-b', 'prod-b', ['us-west-2']],
      ['staging', 'stg', ['us-east-1']],
    ])
  })

  it('an environment that is not configured is a target that is not resolved (it plans, never runs)', () => {
    const [target] = fleetTargets(config, ['qa'], regional, env)
    expect(target).toMatchObject({ id: 'qa/eu-central-1', environment: { resolved: false } })
  })

  it('--region applies to every account; --context and --profile name one target, so a fleet refuses them', () => {
    const targets = fleetTargets(config, ['prod'], regional, env, { regions: ['ap-south-1'] })
    expect(targets.map((t) => t.id)).toEqual(['prod/prod-a/ap-south-1', 'prod/prod-b/ap-south-1'])
    expect(() => fleetTargets(config, ['prod'], kube, env, { context: 'x' })).toThrow(
      /--context names one target, and this is a fleet run \(prod\)/,
    )
    expect(() => fleetTargets(config, ['prod'], regional, env, { profile: 'x' })).toThrow(/--profile names one target/)
  })

  it('refuses a config that says one thing twice, and a fleet beyond the bound', () => {
    const both: Config = { environments: { p: { kubernetes: { context: 'a', contexts: ['b'] } } } }
    expect(() => fleetTargets(both, ['p'], kube, env)).toThrow(
      /environments.p.kubernetes has both context and contexts/,
    )
    const twice: Config = { environments: { p: { aws: { accounts: [{ profile: 'a' }, { profile: 'a' }] } } } }
    expect(() => fleetTargets(twice, ['p'], regional, env)).toThrow(/lists profile a twice/)
    const profileToo: Config = { environments: { p: { aws: { profile: 'x', accounts: [{ profile: 'a' }] } } } }
    expect(() => fleetTargets(profileToo, ['p'], regional, env)).toThrow(/has both profile and accounts/)
    const contexts = Array.from({ length: 100 }, (_, i) => `c${i}`)
    const big: Config = {
      environments: {
        a: { kubernetes: { contexts } },
        b: { kubernetes: { contexts } },
        c: { kubernetes: { contexts: ['x'] } },
      },
    }
    expect(ids(['a', 'b'], kube, big)).toHaveLength(200)
    expect(() => fleetTargets(big, ['a', 'b', 'c'], kube, env)).toThrow(/would reach 201 targets; at most 200/)
  })
})
