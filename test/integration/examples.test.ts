// Every `--help` example, and every shell block in README.md and docs/, run as a new user would paste it: a private
// HOME with no XDG variables (so ~/.config/cloudops is where the docs say), a kubeconfig at ~/.kube/config for the
// real kube-apiserver, AWS on moto, and prod, staging, dev and old configured. Each example runs in a fresh copy of
// that HOME and must end with the exit code it states (`# exit N …` in its text; 0 otherwise), which must also be one
// its command declares. An example that cannot run here says so in its source: `examplesNotRun` on the command,
// `<!-- not run here: why -->` above a markdown block.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { binPath } from '../support/cli.js'
import { assertDeclaredExit, manifest } from '../support/command-line.js'
import { follow } from '../support/follow.js'
import { motoEnv, resetMoto } from '../support/servers/moto.js'
import { createSecurityGroup, ec2, tcp } from '../support/servers/seed-aws.js'

const moto = inject('moto')
const kube = inject('kube')
const repo = new URL('../..', import.meta.url).pathname
const root = mkdtempSync(join(tmpdir(), 'cloudops-examples-'))
const template = join(root, 'template')
afterAll(() => rmSync(root, { recursive: true, force: true }))

const env: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  HOME: template,
  NO_COLOR: '1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  ...motoEnv(moto.endpoint),
}
const cloudopsFunction = `cloudops() { ${JSON.stringify(process.execPath)} ${JSON.stringify(binPath)} "$@"; }`

/** One shell line in `home`'s work directory, as typed (`npx cloudops` is the same cloudops). */
function shell(home: string, line: string) {
  const r = spawnSync('bash', ['-c', `${cloudopsFunction}\n${line.replaceAll('npx cloudops', 'cloudops')}`], {
    cwd: join(home, 'work'),
    env: { ...env, HOME: home },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

function freshHome(): string {
  const home = mkdtempSync(join(root, 'home-'))
  cpSync(template, home, { recursive: true })
  return home
}

/** What an example says it ends with: `# exit N` in its comment, else 0. */
const statedExit = (line: string) => Number(/#\s*exit (\d+)/.exec(line)?.[1] ?? 0)

beforeAll(async () => {
  await resetMoto(moto.endpoint)
  // One finding worth exit 10 for `run aws-security-group-exposure --fail-on high`.
  await createSecurityGroup(ec2(moto.endpoint, 'us-east-1'), 'bastion-ssh', [tcp(22, '0.0.0.0/0')])

  mkdirSync(join(template, 'work'), { recursive: true })
  mkdirSync(join(template, '.kube'))
  const admin = parse(readFileSync(kube.kubeconfig, 'utf8'))
  writeFileSync(join(template, '.kube', 'config'), stringify(admin))
  const configDir = join(template, '.config', 'cloudops')
  mkdirSync(configDir, { recursive: true })
  const place = { aws: { regions: ['us-east-1'] }, kubernetes: { context: 'cloudops-test' } }
  writeFileSync(
    join(configDir, 'config.yaml'),
    stringify(
      {
        llm: { provider: 'offline', model: 'none' },
        environments: { prod: place, staging: place, dev: place, old: place },
      },
      { aliasDuplicateObjects: false },
    ),
  )
  // The files the examples name, made as a user would make them.
  const prepare = [
    'cloudops policy show -o yaml > policy.yaml',
    'cp policy.yaml strict.yaml && cp policy.yaml old.yaml && cp policy.yaml a.yaml',
    'cloudops plan --playbook aws-unattached-volumes --env dev --out plan.json',
    'mkdir my-playbooks && cloudops playbooks show aws-unattached-volumes -o yaml | sed "s/^  name: aws-unattached-volumes$/  name: big-volumes/" > my-playbooks/big-volumes.yaml',
  ]
  for (const line of prepare) {
    const r = shell(template, line)
    expect(r.code, `${line}\n${r.stderr}`).toBe(0)
  }
  // new.yaml and b.yaml differ from old.yaml and a.yaml by one rule, so the diff examples show one.
  const changed = parse(readFileSync(join(template, 'work', 'policy.yaml'), 'utf8'))
  changed.rules.push({ id: 'no-staging-writes', effect: 'deny', match: { env: ['staging'], risk: ['write'] } })
  for (const f of ['new.yaml', 'b.yaml']) writeFileSync(join(template, 'work', f), stringify(changed))
  // cases.yaml is the case file `policy test --help` shows.
  const description = manifest.commands['policy:test']?.description ?? ''
  const cases = /A case file looks like:\n\n([\s\S]*?)\n\n/.exec(description)?.[1]
  expect(cases).toBeDefined()
  writeFileSync(join(template, 'work', 'cases.yaml'), `${cases}\n`)
})

const helpExamples = Object.entries(manifest.commands).flatMap(([id, c]) =>
  (c.examples ?? []).map((example) => ({ id, line: example.replaceAll('<%= config.bin %>', 'cloudops'), example })),
)
const notRun = (id: string, example: string) => manifest.commands[id]?.examplesNotRun?.[example]

describe('--help examples, run', () => {
  const runnable = helpExamples.filter((e) => !notRun(e.id, e.example))

  it.each(runnable.map((e) => [e.id, e.line, e] as const))('%s: %s', (_id, line, e) => {
    const home = freshHome()
    const r = shell(home, e.line)
    expect(r.code, `${line}\n${r.stdout.slice(0, 2000)}\n${r.stderr}`).toBe(statedExit(line))
    assertDeclaredExit(line.split(/\s+/).slice(1), r.code)
  })

  it('an example marked not run names a reason and is still an example of its command', () => {
    const marked = Object.entries(manifest.commands).flatMap(([id, c]) =>
      Object.entries(c.examplesNotRun ?? {}).map(([example, why]) => ({ id, example, why })),
    )
    expect(marked.length).toBeLessThan(helpExamples.length / 5)
    for (const m of marked) {
      expect(manifest.commands[m.id]?.examples, m.id).toContain(m.example)
      expect(m.why.length, m.example).toBeGreaterThan(15)
    }
  })
})

/** The sh blocks of a markdown file, each with the `<!-- not run here: … -->` mark above it, if any. */
function shBlocks(file: string) {
  const text = readFileSync(join(repo, file), 'utf8')
  return [...text.matchAll(/(?:<!-- not run here: ([^>]*?) -->\n)?```sh\n([\s\S]*?)```/g)].map((m, i) => ({
    file,
    n: i + 1,
    why: m[1],
    lines: (m[2] ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  }))
}
const markdown = ['README.md', ...readdirSync(join(repo, 'docs')).map((f) => `docs/${f}`)]
  .filter((f) => f.endsWith('.md'))
  .flatMap(shBlocks)

describe('shell blocks in the README and docs/, run line by line in one HOME', () => {
  it('there are blocks to run, and each one not run says why', () => {
    expect(markdown.filter((b) => !b.why).length).toBeGreaterThan(1)
    for (const b of markdown.filter((b) => b.why)) expect(b.why?.length, `${b.file} block ${b.n}`).toBeGreaterThan(15)
  })

  it.each(markdown.filter((b) => !b.why).map((b) => [b.file, b.n, b] as const))('%s, block %i', (_f, _n, b) => {
    const home = freshHome()
    for (const line of b.lines) {
      // The project's own npm scripts are what CI runs (.ci/run: npm ci, then npm test).
      const command = line.replace(/^npm install && /, '')
      if (command.startsWith('npm ')) continue
      const r = shell(home, command)
      expect(r.code, `${line}\n${r.stdout.slice(0, 2000)}\n${r.stderr}`).toBe(statedExit(line))
    }
  })

  it('audit tail -f --json prints each record appended while it follows, one JSON object a line, until Ctrl-C', async () => {
    const home = freshHome()
    const tail = follow(['audit', 'tail', '-f', '--json'], { cwd: join(home, 'work'), env: { ...env, HOME: home } })
    await tail.until(() => tail.output().includes('\n'))
    const before = tail.output().split('\n').filter(Boolean).length
    expect(before).toBeGreaterThan(0)
    const asked = shell(home, 'cloudops intent "crashlooping pods in prod" --json')
    expect(asked.code, asked.stderr).toBe(0)
    const appended = () =>
      tail
        .output()
        .split('\n')
        .filter(Boolean)
        .slice(before)
        .map((l) => JSON.parse(l).kind)
    await tail.until(() => appended().includes('run_finished'))
    expect(await tail.interrupt()).toBe(0)
    expect(appended()[0]).toBe('run_started')
    expect(appended()).toContain('run_finished')
  })

  it('the playbook docs/playbooks.md says to start from is in the folder afterwards, and loads once renamed', () => {
    const home = freshHome()
    const block = markdown.find((b) => b.file === 'docs/playbooks.md') as (typeof markdown)[number]
    for (const line of block.lines) expect(shell(home, line).code).toBe(0)
    const file = join(home, '.config', 'cloudops', 'playbooks', 'big-volumes.yaml')
    expect(existsSync(file)).toBe(true)
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {2}name: .*$/m, '  name: big-volumes'))
    const r = shell(home, 'cloudops playbooks list')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^big-volumes /m)
  })
})
