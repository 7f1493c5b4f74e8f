// Playbook params, rule by rule: unknown names, bounds at and past their edge, patterns, types, required params,
// the intent's fields each param may come from, and --param over the intent over the default.
import { describe, expect, it } from 'vitest'
import { resolvePaths } from '../../src/config/paths.js'
import { UsageError } from '../../src/errors.js'
import type { AcceptedIntent } from '../../src/intent/types.js'
import { findPlaybook, loadPlaybooks } from '../../src/planner/load.js'
import {
  checkParamValue,
  durationHours,
  paramSchema,
  resolveParams,
  splitParamFlags,
} from '../../src/planner/params.js'
import type { Playbook, PlaybookParam } from '../../src/planner/playbook.js'

const playbooks = await loadPlaybooks({ paths: resolvePaths({ HOME: '/nonexistent' }) })
const pb = (name: string) => findPlaybook(playbooks, name).playbook
const costs = pb('aws-cost-breakdown')
const k8sDiagnose = pb('k8s-diagnose')
const awsDiagnose = pb('aws-diagnose')

/** A playbook with only these params (the shipped ones use neither lists, booleans nor hours). */
const withParams = (params: Record<string, PlaybookParam>): Playbook => ({
  ...costs,
  metadata: { ...costs.metadata, name: 'test-params' },
  params,
})

const intent = (target: Partial<AcceptedIntent['target']> = {}, last?: string): AcceptedIntent => ({
  intent_type: 'investigate',
  target: { provider: 'kubernetes', resource_type: 'kubernetes_pod', scope: 'dev', ...target },
  goal: 'diagnose',
  ...(last ? { time_range: { last } } : {}),
  confidence: 0.9,
})

/** The UsageError resolveParams throws, as message and hint. */
function usageError(playbook: Playbook, given: Record<string, string>, from: AcceptedIntent | null = null) {
  try {
    resolveParams(playbook, from, given)
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    return { message: (err as UsageError).message, hint: (err as UsageError).hint }
  }
  throw new Error('resolveParams accepted it')
}

const costsHint = 'See `cloudops playbooks show aws-cost-breakdown` for its params.'

describe('param names', () => {
  it('refuses an unknown --param, listing the params there are', () => {
    expect(usageError(costs, { dayz: '3' })).toEqual({
      message: 'playbook aws-cost-breakdown has no param "dayz"',
      hint: 'Its params are: days, min_change_percent, min_change_usd.',
    })
    expect(usageError(withParams({}), { days: '3' })).toEqual({
      message: 'playbook test-params has no param "days"',
      hint: 'It takes no params.',
    })
  })

  it('refuses names an object has but the playbook does not declare', () => {
    for (const name of ['constructor', 'toString', '__proto__']) {
      expect(usageError(costs, { [name]: '1' }).message).toBe(`playbook aws-cost-breakdown has no param "${name}"`)
    }
  })

  it('splits k=v at the first "=", and refuses anything else', () => {
    expect(splitParamFlags(['days=3', 'filter=a=b', 'empty='])).toEqual({ days: '3', filter: 'a=b', empty: '' })
    expect(splitParamFlags()).toEqual({})
    for (const flag of ['days', '=3']) {
      expect(() => splitParamFlags([flag])).toThrow(
        new UsageError(`--param "${flag}" is not k=v`, { hint: 'For example --param namespace=payments.' }),
      )
    }
  })
})

describe('bounds', () => {
  it('accepts a value at either bound and refuses one past it', () => {
    expect(resolveParams(costs, null, { days: '1' }).days).toBe(1)
    expect(resolveParams(costs, null, { days: '365' }).days).toBe(365)
    expect(usageError(costs, { days: '0' })).toEqual({ message: 'param days must be ≥ 1 (got "0")', hint: costsHint })
    expect(usageError(costs, { days: '366' })).toEqual({
      message: 'param days must be ≤ 365 (got "366")',
      hint: costsHint,
    })
  })

  it('bounds every element of an integer list, and a wrong type wins over a bound', () => {
    const ports = withParams({ ports: { type: 'integer_list', description: 'ports', minimum: 1, maximum: 10 } })
    expect(resolveParams(ports, null, { ports: '1, 10' })).toStrictEqual({ ports: [1, 10] })
    expect(usageError(ports, { ports: '1,11' }).message).toBe('param ports must be ≤ 10 (got "1,11")')
    expect(usageError(ports, { ports: '0,1' }).message).toBe('param ports must be ≥ 1 (got "0,1")')
    expect(usageError(ports, { ports: '11,x' }).message).toBe('param ports must be of type integer_list (got "11,x")')
  })

  it('makes a JSON Schema of the declaration: bounds for numbers and integer lists only', () => {
    const bounded = { description: 'd', minimum: 1, maximum: 9 }
    expect(paramSchema({ type: 'integer', ...bounded })).toEqual({ type: 'integer', minimum: 1, maximum: 9 })
    expect(paramSchema({ type: 'number', description: 'd', maximum: 0 })).toEqual({ type: 'number', maximum: 0 })
    // No bound key at all when none is declared (not a bound of undefined).
    expect(paramSchema({ type: 'number', description: 'd', maximum: 0 })).toStrictEqual({ type: 'number', maximum: 0 })
    expect(paramSchema({ type: 'integer', description: 'd', minimum: 0 })).toStrictEqual({
      type: 'integer',
      minimum: 0,
    })
    expect(paramSchema({ type: 'integer_list', description: 'd' })).toStrictEqual({
      type: 'array',
      items: { type: 'integer' },
    })
    expect(paramSchema({ type: 'string', ...bounded })).toEqual({ type: 'string' })
    expect(paramSchema({ type: 'boolean', description: 'd' })).toEqual({ type: 'boolean' })
    expect(paramSchema({ type: 'string_list', ...bounded })).toEqual({ type: 'array', items: { type: 'string' } })
    expect(paramSchema({ type: 'integer_list', ...bounded })).toEqual({
      type: 'array',
      items: { type: 'integer', minimum: 1, maximum: 9 },
    })
  })
})

describe('types', () => {
  it('refuses a value of another type, naming the type', () => {
    expect(usageError(costs, { days: 'many' }).message).toBe('param days must be of type integer (got "many")')
    expect(usageError(costs, { days: '1.5' }).message).toBe('param days must be of type integer (got "1.5")')
    expect(usageError(costs, { days: '' }).message).toBe('param days must be of type integer (got "")')
    // Blank is no number (Number("  ") would be 0).
    expect(usageError(costs, { days: '  ' }).message).toBe('param days must be of type integer (got "  ")')
    expect(usageError(costs, { min_change_usd: 'lots' }).message).toBe(
      'param min_change_usd must be of type number (got "lots")',
    )
    expect(resolveParams(costs, null, { min_change_usd: '12.5' }).min_change_usd).toBe(12.5)
  })

  it('reads booleans and lists from their text', () => {
    const p = withParams({
      all: { type: 'boolean', description: 'all' },
      names: { type: 'string_list', description: 'names' },
    })
    expect(resolveParams(p, null, { all: 'true', names: ' a, b,,c ' })).toStrictEqual({
      all: true,
      names: ['a', 'b', 'c'],
    })
    expect(resolveParams(p, null, { all: 'false' })).toStrictEqual({ all: false })
    expect(usageError(p, { all: 'yes' }).message).toBe('param all must be of type boolean (got "yes")')
  })
})

describe('patterns', () => {
  it('accepts a matching value and refuses another, naming the pattern', () => {
    expect(resolveParams(k8sDiagnose, null, { name: 'payment-api', kind: 'deployment' })).toMatchObject({
      name: 'payment-api',
      kind: 'deployment',
    })
    expect(usageError(k8sDiagnose, { name: 'Payment_API' })).toEqual({
      message: 'param name must match ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$ (got "Payment_API")',
      hint: 'See `cloudops playbooks show k8s-diagnose` for its params.',
    })
    expect(usageError(k8sDiagnose, { name: 'x', kind: 'widget' }).message).toBe(
      'param kind must match ^(pod|deployment|statefulset|daemonset|job|cronjob|service|pvc|node)$ (got "widget")',
    )
  })

  it('checks every element of a list, and skips the pattern when told to', () => {
    const p: PlaybookParam = { type: 'string_list', description: 'names', pattern: '^[a-z]+$' }
    expect(checkParamValue('names', p, ['ab', 'cd'])).toBeUndefined()
    expect(checkParamValue('names', p, ['ab', 'CD'])).toBe('names must match ^[a-z]+$')
    expect(checkParamValue('names', p, ['ab', 'CD'], { patterns: false })).toBeUndefined()
    expect(checkParamValue('names', p, ['ab', 3])).toBe('names must be of type string_list')
  })

  it('applies a pattern to strings only: a number declared with one is checked by its type', () => {
    const n: PlaybookParam = { type: 'integer', description: 'n', pattern: '^[a-z]+$' }
    expect(checkParamValue('n', n, 5)).toBeUndefined()
    const ns: PlaybookParam = { type: 'integer_list', description: 'ns', pattern: '^[a-z]+$' }
    expect(checkParamValue('ns', ns, [1, 2])).toBeUndefined()
    expect(checkParamValue('ns', ns, [1, 'a'])).toBe('ns must be of type integer_list')
  })

  it('says why a pattern RE2 cannot compile is unusable', () => {
    const p: PlaybookParam = { type: 'string', description: 'x', pattern: '^(?=a)a$' }
    expect(checkParamValue('x', p, 'a')).toMatch(/^x: invalid pattern "\^\(\?=a\)a\$": /)
  })
})

describe('required params', () => {
  it('refuses k8s-diagnose without a name, saying what the name is and how to give it', () => {
    expect(usageError(k8sDiagnose, {})).toEqual({
      message: `playbook k8s-diagnose needs param "name": ${k8sDiagnose.params?.name?.description}`,
      hint: 'Pass --param name=<value>, or name it in the question.',
    })
    expect(usageError(k8sDiagnose, {}, intent({ namespace: 'payments' })).message).toMatch(/needs param "name"/)
  })

  it('takes the name from --param or from the intent, leaving unset params out', () => {
    expect(resolveParams(k8sDiagnose, null, { name: 'payment-api' })).toStrictEqual({
      name: 'payment-api',
      restart_threshold: 3,
      tail_lines: 50,
    })
    expect(resolveParams(k8sDiagnose, intent({ name: 'payment-api' }), {})).toStrictEqual({
      name: 'payment-api',
      restart_threshold: 3,
      tail_lines: 50,
    })
  })
})

describe('values from the intent', () => {
  it('maps namespace, name and kind from the target', () => {
    const i = intent({ name: 'payment-api', kind: 'deployment', namespace: 'payments', region: 'eu-west-1' })
    expect(resolveParams(k8sDiagnose, i, {})).toStrictEqual({
      name: 'payment-api',
      kind: 'deployment',
      namespace: 'payments',
      restart_threshold: 3,
      tail_lines: 50,
    })
  })

  it('maps region and the time range in days (rounded up, at least 1)', () => {
    const i = (last?: string) =>
      intent({ provider: 'aws', name: 'i-0123456789abcdef0', kind: 'instance', region: 'eu-west-1' }, last)
    expect(resolveParams(awsDiagnose, i('36h'), {})).toStrictEqual({
      name: 'i-0123456789abcdef0',
      kind: 'instance',
      region: 'eu-west-1',
      days: 2,
    })
    const days = (last?: string) => resolveParams(awsDiagnose, i(last), {}).days
    expect([days('1h'), days('24h'), days('25h'), days('7d'), days('2w'), days('2mo'), days()]).toEqual([
      1, 1, 2, 7, 14, 60, 14,
    ])
  })

  it('maps the time range in hours', () => {
    const p = withParams({ hours: { type: 'integer', description: 'h', default: 1, from: 'intent.time_range.hours' } })
    expect(resolveParams(p, intent({}, '36h'), {}).hours).toBe(36)
    expect(resolveParams(p, intent({}, '2d'), {}).hours).toBe(48)
    expect(resolveParams(p, intent(), {}).hours).toBe(1)
  })

  it('checks a value from the intent like any other, without a "got" (the user typed nothing)', () => {
    const far = intent({ provider: 'aws', name: 'i-0123456789abcdef0' }, '3mo')
    expect(usageError(awsDiagnose, {}, far)).toEqual({
      message: 'param days must be ≤ 63',
      hint: 'See `cloudops playbooks show aws-diagnose` for its params.',
    })
    expect(usageError(awsDiagnose, {}, intent({ provider: 'aws', name: 'payment-api' })).message).toBe(
      'param name must match ^(i|sg|vol)-([0-9a-f]{8}|[0-9a-f]{17})$',
    )
  })

  it('reads an intent time range in hours: h, d, w, mo; nothing else', () => {
    expect([durationHours('5h'), durationHours('7d'), durationHours('2w'), durationHours('1mo')]).toEqual([
      5, 168, 336, 720,
    ])
    expect([durationHours('90s'), durationHours('30m'), durationHours('0d'), durationHours('soon')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ])
  })
})

describe('precedence', () => {
  it('takes --param over the intent over the default', () => {
    const month = intent({ provider: 'aws', resource_type: 'aws_account_cost' }, '30d')
    expect(resolveParams(costs, null, {}).days).toBe(7)
    expect(resolveParams(costs, month, {}).days).toBe(30)
    expect(resolveParams(costs, month, { days: '3' }).days).toBe(3)
    const ns = intent({ name: 'payment-api', namespace: 'payments' })
    expect(resolveParams(k8sDiagnose, ns, { namespace: 'billing', name: 'other' })).toMatchObject({
      namespace: 'billing',
      name: 'other',
    })
  })

  it('gives every default when nothing else is given', () => {
    expect(resolveParams(costs, null, {})).toStrictEqual({ days: 7, min_change_percent: 20, min_change_usd: 10 })
  })
})
