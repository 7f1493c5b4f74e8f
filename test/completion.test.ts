// Completions: commands and topics, a command's flags and an option's values, and the names only this user's
// cloudops knows (playbooks, environments), asked for on TAB by the script `cloudops completion bash` prints.
import { spawnSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { type CompletableCommand, completions } from '../src/services/completion.js'
import { binPath, cliSandbox } from './support/cli.js'

const commands: CompletableCommand[] = [
  {
    id: 'run',
    flags: {
      env: { char: 'e', type: 'option' },
      output: { char: 'o', type: 'option', options: ['table', 'json'] },
      json: { type: 'boolean' },
    },
    args: ['playbook'],
  },
  { id: 'ask', flags: { env: { type: 'option' } }, args: ['question'] },
  { id: 'playbooks:list', flags: {}, args: [] },
  { id: 'playbooks:show', flags: {}, args: ['name'] },
]
const names = {
  playbooks: () => ['aws-cost-breakdown', 'aws-idle-instances', 'k8s-diagnose'],
  environments: () => ['default', 'prod'],
}
const complete = (...words: string[]) => completions(words, commands, names)

describe('completions', () => {
  it('completes commands and topics, then the command under a topic', () => {
    expect(complete('')).toEqual(['ask', 'playbooks', 'run'])
    expect(complete('pl')).toEqual(['playbooks'])
    expect(complete('playbooks', '')).toEqual(['list', 'show'])
  })

  it('completes playbook names where a playbook goes, and nothing after it', () => {
    expect(complete('run', 'aws-')).toEqual(['aws-cost-breakdown', 'aws-idle-instances'])
    expect(complete('playbooks', 'show', 'k8')).toEqual(['k8s-diagnose'])
    expect(complete('run', '--json', 'k8')).toEqual(['k8s-diagnose'])
    expect(complete('run', 'aws-cost-breakdown', '')).toEqual([])
    expect(complete('ask', '')).toEqual([])
  })

  it('completes environment names after --env or -e, an option flag its options, and flag names', () => {
    expect(complete('run', 'x', '--env', '')).toEqual(['default', 'prod'])
    expect(complete('run', '-e', 'p')).toEqual(['prod'])
    expect(complete('run', '-o', '')).toEqual(['json', 'table'])
    expect(complete('run', '--j')).toEqual(['--json'])
    expect(complete('run', '--env', 'prod', 'aws-i')).toEqual(['aws-idle-instances'])
  })
})

describe('cloudops completion bash, in a real bash', () => {
  const sb = cliSandbox()
  afterAll(() => sb.cleanup())

  it('TAB after run, --env and playbooks show gives this user names', () => {
    expect(sb.run(['config', 'set', 'environments.sandbox.aws.regions', '[us-east-1]']).code).toBe(0)
    const script = sb.run(['completion', 'bash'])
    expect(script.code).toBe(0)
    const tab = (line: string) => {
      const bash = [
        `cloudops() { ${JSON.stringify(process.execPath)} ${JSON.stringify(binPath)} "$@"; }`,
        script.stdout,
        `COMP_WORDS=(${line}); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); _cloudops_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ].join('\n')
      return spawnSync('bash', ['-c', bash], { env: sb.env, encoding: 'utf8', cwd: sb.home })
        .stdout.split('\n')
        .filter(Boolean)
    }
    expect(tab('cloudops run aws-c')).toEqual(['aws-cost-breakdown'])
    expect(tab("cloudops run x --env ''")).toEqual(['default', 'sandbox'])
    expect(tab("cloudops playbooks ''")).toEqual(['list', 'show', 'validate'])
    expect(tab('cloudops completion z')).toEqual([])
    // The plugins' commands too, beside ours.
    expect(tab('cloudops a')).toEqual(['actions', 'apply', 'ask', 'audit', 'autocomplete'])
    expect(tab('cloudops he')).toEqual(['help'])
  })

  it('--json gives the shell and the script', () => {
    const r = sb.run(['completion', 'zsh', '--json'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.shell).toBe('zsh')
    expect(out.script).toContain('compdef _cloudops_complete cloudops')
  })

  it('an unknown shell is a usage error naming the shells', () => {
    const r = sb.run(['completion', 'fish'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/Expected fish to be one of: bash, zsh/)
  })
})
