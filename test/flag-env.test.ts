// "Each flag also reads CLOUDOPS_<FLAG>": true of every flag but those that describe one invocation only (what to
// run, where to write, which records), and always under exactly that name. Read from oclif.manifest.json, which the
// build writes from the command classes, so a new flag that breaks the rule fails here.
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { cliSandbox } from './support/cli.js'

const manifest = JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8')) as {
  commands: Record<string, { flags: Record<string, { env?: string }> }>
}
/** The flags the README names as taking no variable. */
const oneInvocation = [
  'param',
  'playbook',
  'out',
  'force',
  'follow',
  'lines',
  'limit',
  'since',
  'until',
  'status',
  'run',
  'format',
  'from-stream',
  'host',
  'name',
]

describe('flags and their CLOUDOPS_ variables', () => {
  const flags = Object.entries(manifest.commands).flatMap(([id, c]) =>
    Object.entries(c.flags).map(([name, f]) => ({ id, name, env: f.env })),
  )

  it('every flag with a variable reads CLOUDOPS_<FLAG>, spelt from its name', () => {
    const wrong = flags.filter((f) => f.env && f.env !== `CLOUDOPS_${f.name.toUpperCase().replaceAll('-', '_')}`)
    expect(wrong).toEqual([])
  })

  it('only the one-invocation flags read none', () => {
    const without = [...new Set(flags.filter((f) => !f.env).map((f) => f.name))].sort()
    expect(without).toEqual([...oneInvocation].sort())
  })
})

describe('the one-run target from the environment', () => {
  const sb = cliSandbox()
  afterAll(() => sb.cleanup())
  const plan = (args: string[], env: Record<string, string>) =>
    JSON.parse(sb.run(['run', 'aws-unattached-volumes', '--dry-run', '--json', ...args], { env }).stdout).plan

  it('CLOUDOPS_REGION takes one region or a comma-separated list; a typed --region wins', () => {
    expect(plan([], { CLOUDOPS_REGION: 'eu-west-1' }).environment.overrides).toEqual({ regions: ['eu-west-1'] })
    const two = plan([], { CLOUDOPS_REGION: 'eu-west-1,us-west-2' })
    expect(two.steps.map((s: { id: string }) => s.id)).toEqual(['volumes@eu-west-1', 'volumes@us-west-2'])
    expect(plan(['--region', 'ap-south-1'], { CLOUDOPS_REGION: 'eu-west-1' }).environment.aws.regions).toEqual([
      'ap-south-1',
    ])
    expect(plan([], {}).environment).not.toHaveProperty('overrides')
  })
})
