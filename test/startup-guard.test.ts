// ARCHITECTURE.md's start-up budget: no SDK is imported before a step needs it. The CLI runs from one bundle
// (scripts/bundle.js) that leaves every SDK outside, so each load is a module resolution the guard sees;
// test/bundle.test.ts fails if one gets bundled in, where the guard could not see it.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { binPath, cliSandbox } from './support/cli.js'

const guard = ['--import', new URL('./support/forbid-heavy-modules.mjs', import.meta.url).href]
const sandbox = cliSandbox()
// yaml as a package, or the one file of it that the bundle loads instead (scripts/bundle.js).
const yaml = 'yaml$|.*/yaml\\.cjs$'
afterAll(() => sandbox.cleanup())

describe('start-up guard', () => {
  it('detects a forbidden module (the guard itself works)', () => {
    // From the repository, where the package resolves: on Node 24 a failed resolution ends the process before the
    // loader thread's report is written.
    const r = sandbox.run([], {
      nodeArgs: [...guard, '--eval', "await import('@aws-sdk/client-sts')", '--input-type=module'],
      cwd: new URL('..', import.meta.url).pathname,
    })
    expect(r.stderr).toContain('FORBIDDEN-MODULE-LOADED @aws-sdk/client-sts')
  })

  it.each([
    [['--help']],
    [['--version']],
    [['help', 'plan']],
    [['plan', '--playbook', 'aws-security-group-exposure', '--env', 'dev']],
    [['ask', '--dry-run', '--provider', 'offline', 'which security groups expose ssh in dev']],
    [['run', 'k8s-crashloop-pods', '--dry-run']],
    [['playbooks', 'validate']],
    [['actions', 'list']],
    [['config', 'show']],
    [['doctor']],
    [['audit', 'verify']],
    [['policy', 'show']],
  ])('%j loads no AWS, Kubernetes, NATS or LLM SDK', (args) => {
    const r = sandbox.run(args, { nodeArgs: guard })
    expect(r.stderr).not.toContain('FORBIDDEN-MODULE-LOADED')
    expect(r.code).not.toBe(-1)
  })

  it('with a team configured, a run without auto_ship loads no NATS client, and audit ship does', () => {
    const team = cliSandbox()
    try {
      mkdirSync(join(team.home, 'config', 'cloudops'), { recursive: true })
      writeFileSync(join(team.home, 'config', 'cloudops', 'config.yaml'), 'team:\n  nats_url: nats://127.0.0.1:1\n')
      const plan = team.run(['plan', '--playbook', 'aws-security-group-exposure', '--env', 'dev'], { nodeArgs: guard })
      expect(plan.code, plan.stderr).toBe(0)
      expect(plan.stderr).not.toContain('FORBIDDEN-MODULE-LOADED')
      const ship = team.run(['audit', 'ship'], { nodeArgs: guard })
      expect(ship.code).toBe(1)
      expect(ship.stderr).toContain('FORBIDDEN-MODULE-LOADED @nats-io/')
    } finally {
      team.cleanup()
    }
  })

  it('cloudops mcp loads the MCP SDK (the one file the bundle makes of it) to answer initialize', () => {
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'guard', version: '1' } },
    }
    const r = sandbox.run(['mcp'], { nodeArgs: guard, input: `${JSON.stringify(initialize)}\n` })
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout.split('\n')[0] as string).result.serverInfo.name).toBe('cloudops')
    expect(r.stderr).toMatch(/^FORBIDDEN-MODULE-LOADED \S*mcp-sdk\.js$/m)
  })

  it('a Kubernetes run loads the client (the one file the bundle makes of it) before it reads KUBECONFIG', () => {
    const r = sandbox.run(['run', 'k8s-crashloop-pods'], {
      nodeArgs: guard,
      env: { KUBECONFIG: join(sandbox.home, 'no-such-kubeconfig') },
    })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('no-such-kubeconfig, which does not exist')
    expect(r.stderr).toMatch(/^FORBIDDEN-MODULE-LOADED \S*k8s-client\.js$/m)
  })

  it('an offline dry-run of a shipped playbook compiles no schema and parses no YAML (the build did both)', () => {
    const r = sandbox.run(['ask', '--dry-run', '--provider', 'offline', 'which security groups expose ssh in prod'], {
      nodeArgs: guard,
      env: { CLOUDOPS_FORBID_EXTRA: `${yaml}|ajv/dist/2020` },
    })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).not.toContain('FORBIDDEN-MODULE-LOADED')
  })

  it('an offline dry-run loads the precompiled validators of the schemas it checks, not all of them', () => {
    const all = readdirSync(new URL('../dist/validators/', import.meta.url)).filter((f) => f.endsWith('.cjs'))
    const r = sandbox.run(['ask', '--dry-run', '--provider', 'offline', 'which security groups expose ssh in prod'], {
      nodeArgs: guard,
      env: { CLOUDOPS_FORBID_EXTRA: '.*/validators/v[0-9a-f]{40}\\.cjs$' },
    })
    expect(r.code, r.stderr).toBe(0)
    const loaded = new Set(r.stderr.match(/(?<=^FORBIDDEN-MODULE-LOADED \S*\/validators\/)v[0-9a-f]{40}\.cjs$/gm))
    // The intent and the plan at least; the other schemas (config files, policies, playbooks, reports) not.
    expect(loaded.size).toBeGreaterThanOrEqual(2)
    expect(loaded.size).toBeLessThan(all.length / 4)
    for (const file of loaded) expect(all).toContain(file)
  })

  // oclif, as the bundle loads it (./oclif.js, its own file beside cli.js), or as a package.
  const oclif = '.*/oclif\\.js$|@oclif/'

  it.each([
    [['ask', '--dry-run', '--provider', 'offline', 'which security groups expose ssh in prod']],
    [['plan', '--playbook', 'aws-security-group-exposure', '--env', 'dev', '--json']],
    [['playbooks', 'list']],
    [['audit', 'verify']],
  ])('%j runs without loading oclif', (args) => {
    const r = sandbox.run(args, { nodeArgs: guard, env: { CLOUDOPS_FORBID_EXTRA: oclif } })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).not.toContain('FORBIDDEN-MODULE-LOADED')
  })

  it.each([
    [['audit'], 0],
    [['aks', 'why is cpu high'], 2],
    [['ask', '--provider', 'nope', 'q'], 2],
  ])('%j is answered by oclif, which it loads', (args, code) => {
    const r = sandbox.run(args, { nodeArgs: guard, env: { CLOUDOPS_FORBID_EXTRA: oclif } })
    expect(r.code, r.stderr).toBe(code)
    expect(r.stderr).toMatch(/^FORBIDDEN-MODULE-LOADED \S*\/oclif\.js$/m)
  })

  const collator = ['--import', new URL('./support/report-collator.mjs', import.meta.url).href]

  it.each([
    [['ask', '--dry-run', '--provider', 'offline', 'which security groups expose ssh in prod']],
    [['plan', '--playbook', 'aws-security-group-exposure', '--env', 'dev', '--json']],
  ])("%j sets up no ICU collator (localeCompare's first call)", (args) => {
    const r = sandbox.run(args, { nodeArgs: collator })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).not.toContain('COLLATOR-USED')
  })

  it('a localeCompare is reported (the collator guard itself works)', () => {
    const r = sandbox.run([], { nodeArgs: [...collator, '--eval', "'a'.localeCompare('b')"] })
    expect(r.stderr).toContain('COLLATOR-USED')
  })

  it('config.yaml is parsed once: an unchanged file is read from the cache dir, a changed one parsed again', () => {
    const box = cliSandbox()
    try {
      const config = join(box.home, 'config', 'cloudops', 'config.yaml')
      mkdirSync(join(box.home, 'config', 'cloudops'), { recursive: true })
      writeFileSync(config, 'environments:\n  prod:\n    aws: { regions: [eu-west-1] }\n')
      const opts = { nodeArgs: guard, env: { CLOUDOPS_FORBID_EXTRA: yaml } }
      const get = ['config', 'get', 'environments.prod.aws.regions']
      const first = box.run(get, opts)
      expect(first.stdout).toContain('eu-west-1')
      expect(first.stderr).toMatch(/^FORBIDDEN-MODULE-LOADED (yaml|\S*\/yaml\.cjs)$/m)
      const second = box.run(get, opts)
      expect(second.stdout).toContain('eu-west-1')
      expect(second.stderr).not.toContain('FORBIDDEN-MODULE-LOADED')
      writeFileSync(config, 'environments:\n  prod:\n    aws: { regions: [us-east-2] }\n')
      const edited = box.run(get, opts)
      expect(edited.stdout).toContain('us-east-2')
      expect(edited.stderr).toMatch(/^FORBIDDEN-MODULE-LOADED (yaml|\S*\/yaml\.cjs)$/m)
    } finally {
      box.cleanup()
    }
  })

  it('a dry run from cron (stdin /dev/null, output piped) loads no fs/promises, readline, stream of a file or pipe, tty', () => {
    const report = ['--import', new URL('./support/report-builtins.mjs', import.meta.url).href]
    const args = ['ask', '--dry-run', '--provider', 'offline', 'which security groups expose ssh in prod']
    const r = spawnSync(process.execPath, [...report, binPath, ...args], {
      env: sandbox.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    })
    expect(r.status, r.stderr).toBe(0)
    const loaded = (/^BUILTINS-LOADED (.*)$/m.exec(r.stderr)?.[1] ?? '').split(' ')
    // The guard itself works: the audit hash is node:crypto.
    expect(loaded).toContain('crypto')
    // The plan reaches the pipe, written to it directly (src/render/std-output.ts): no socket stream for it.
    expect(r.stdout).toMatch(/^Then: sg-open-ingress$/m)
    // net: Node's stream for a pipe; assert: it makes stderr's stream as it loads; rimraf: rmSync removing one file.
    const unneeded = ['internal/fs/promises', 'internal/readline/interface', 'internal/fs/streams', 'perf_hooks', 'tty']
    unneeded.push('net', 'assert', 'internal/fs/rimraf')
    for (const m of unneeded) {
      expect(loaded).not.toContain(m)
    }
  })

  it('the extra list is honoured (the stricter guard itself works)', () => {
    const r = sandbox.run(['playbooks', 'show', 'aws-idle-instances', '-o', 'yaml'], {
      nodeArgs: guard,
      env: { CLOUDOPS_FORBID_EXTRA: yaml },
    })
    expect(r.stderr).toMatch(/^FORBIDDEN-MODULE-LOADED (yaml|\S*\/yaml\.cjs)$/m)
  })
})
