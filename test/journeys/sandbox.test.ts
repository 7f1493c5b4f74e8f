// Journey: the README's "Try it without a cloud account". `npm run sandbox` starts moto and a kube-apiserver with
// the demo estate and prints what to paste; the test pastes exactly those lines into a shell with a fresh HOME.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliSandbox, type Sandbox } from '../support/cli.js'

const repo = new URL('../..', import.meta.url).pathname
let sandbox: ChildProcess
let printed = ''
let sb: Sandbox

beforeAll(async () => {
  sb = cliSandbox()
  sandbox = spawn('npm', ['run', '--silent', 'sandbox'], {
    cwd: repo,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // The servers built for this machine, wherever this test's HOME is.
    env: {
      ...process.env,
      CLOUDOPS_TEST_CACHE: process.env.CLOUDOPS_TEST_CACHE || join(homedir(), '.cache', 'cloudops-test-servers'),
    },
  })
  let stderr = ''
  sandbox.stdout?.on('data', (d) => {
    printed += d
  })
  sandbox.stderr?.on('data', (d) => {
    stderr += d
  })
  const deadline = Date.now() + 120_000
  while (!printed.includes('npx cloudops ask')) {
    if (sandbox.exitCode !== null || Date.now() > deadline)
      throw new Error(`sandbox did not start:\n${printed}\n${stderr}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}, 180_000)

afterAll(() => {
  try {
    if (sandbox.pid) process.kill(-sandbox.pid, 'SIGKILL')
  } catch {} // already gone, as it should be
  sb.cleanup()
})

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** The lines the sandbox told the user to paste, in order. */
function pasted(): string[] {
  return printed.split('\n').filter((l) => l.startsWith('source ') || l.startsWith('npx cloudops '))
}

/** One pasted line in a shell that has sourced the sandbox's env file, in the clone, with a fresh HOME. */
function paste(line: string) {
  const source = pasted().find((l) => l.startsWith('source ')) as string
  const r = spawnSync('bash', ['-c', `${source} && ${line}`], {
    cwd: repo,
    env: sb.env,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('npm run sandbox, then the printed commands', () => {
  it('prints the commands the README shows', () => {
    const commands = pasted().map((l) => l.replace(/^source \S+/, 'source FILE'))
    expect(commands).toEqual([
      'source FILE',
      "npx cloudops config set environments.sandbox.aws.regions '[us-east-1, eu-west-1]'",
      'npx cloudops config set environments.sandbox.kubernetes.context cloudops-test',
      'npx cloudops doctor',
      'npx cloudops run aws-security-group-exposure --env sandbox',
      'npx cloudops ask "crashlooping pods in sandbox"',
      'npx cloudops ask "what is wrong in sandbox?"',
      `npx cloudops ask "what's wrong with checkout-7d9f in shop in sandbox?"`,
      'npx cloudops run aws-cost-breakdown --env sandbox',
      'npx cloudops config set environments.mirror.kubernetes.context cloudops-test',
      'npx cloudops ask "which clusters have crashlooping pods?"',
    ])
  })

  it('configures, passes doctor, finds the open SSH port and the crashlooping pod', () => {
    const [, setRegions, setContext, doctor, run, ask, triage, diagnose, costs, setMirror, fleet] = pasted() as string[]
    for (const line of [setRegions, setContext] as string[]) expect(paste(line).code).toBe(0)

    const d = paste(doctor as string)
    expect(d.code, d.stdout + d.stderr).toBe(0)

    const r = paste(run as string)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/bastion-ssh|port 22/)

    const a = paste(ask as string)
    expect(a.code, a.stderr).toBe(0)
    expect(a.stdout).toMatch(/shop\/checkout-7d9f/)
    expect(a.stderr).not.toMatch(/NodeVersionSupportWarning|\n\s+at /)

    // The broad look: one ranked report across kinds, the worst first.
    const t = paste(triage as string)
    expect(t.code, t.stderr).toBe(0)
    expect(t.stdout).toMatch(/k8s-cluster-triage on sandbox/)
    expect(t.stdout).toContain('Service ops/checkout has no ready endpoint')
    expect(t.stdout).toMatch(/CronJob ops\/nightly/)

    // One named pod: its diagnosis, the verdict first.
    const w = paste(diagnose as string)
    expect(w.code, w.stderr).toBe(0)
    expect(w.stdout).toMatch(/pod shop\/checkout-7d9f: in CrashLoopBackOff, exit 1/)

    // The spend by service, this period against the last: the numbers, not only "no findings".
    const c = paste(costs as string)
    expect(c.code, c.stderr).toBe(0)
    expect(c.stdout).toContain('Amazon Elastic Compute Cloud - Compute: $420.00 vs $200.00 the period before (+110%)')
    expect(c.stdout).toContain('Amazon Simple Storage Service: $31.00 vs $30.00 the period before (+3.33%)')

    // A second environment on the same cluster makes "which clusters…" a fleet run: both targets, one report.
    expect(paste(setMirror as string).code).toBe(0)
    const f = paste(fleet as string)
    expect(f.code, f.stderr).toBe(0)
    expect(f.stdout).toMatch(/k8s-crashloop-pods on all: SUCCEEDED/)
    expect(f.stdout).toContain('[sandbox] shop/checkout-7d9f')
    expect(f.stdout).toContain('[mirror] shop/checkout-7d9f')
    expect(f.stdout).toMatch(/2 of 2 target\(s\) complete/)
  }, 180_000) // eleven commands, each a whole CLI start: slow on a loaded machine, not a speed goal

  it('the README\'s "Using it" block, every line against the sandbox as prod: each exits as the README says', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('## Using it'))
    const lines = (/```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '').split('\n').filter((l) => l.startsWith('cloudops '))
    const source = pasted().find((l) => l.startsWith('source ')) as string
    const cloudops = `cloudops() { ${JSON.stringify(process.execPath)} ${JSON.stringify(join(repo, 'bin/run.cjs'))} "$@"; }`
    // prod is the sandbox here; the plan file goes to the test's HOME, not the clone.
    const setup = [
      "cloudops config set environments.prod.aws.regions '[us-east-1, eu-west-1]'",
      'cloudops config set environments.prod.kubernetes.context cloudops-test',
    ]
    const run = (line: string) => {
      const r = spawnSync('bash', ['-c', `${source} && ${cloudops} && ${line}`], {
        cwd: sb.home,
        env: sb.env,
        encoding: 'utf8',
        timeout: 60_000,
      })
      return { code: r.status, stdout: r.stdout, stderr: r.stderr }
    }
    for (const line of setup) expect(run(line).code).toBe(0)
    // What each line promises: its exit code (the README says "exit 10" for the --fail-on line), and a word of output.
    const promised: [RegExp, number, RegExp][] = [
      [/crashlooping in prod/, 0, /shop\/checkout-7d9f/],
      [/what's wrong with payment-api/, 0, /deployment shop\/payment-api: 2 of 3 pods in CrashLoopBackOff/],
      [/run k8s-diagnose/, 0, /deployment shop\/payment-api/],
      [/run aws-diagnose/, 0, /i-0abc1234def567890 was not found/],
      [/cloudops intent/, 0, /"playbook": "aws-unattached-volumes"/],
      [/cloudops plan/, 0, /Plan .* — playbook aws-idle-instances/],
      [/cloudops apply/, 0, /aws-idle-instances on prod: SUCCEEDED/],
      [/aws-cost-breakdown/, 0, /Amazon Elastic Compute Cloud - Compute: \$420\.00/],
      [/--fail-on high --json/, 10, /"severity": "high"/],
      [/playbooks list/, 0, /^k8s-diagnose /m],
    ]
    expect(lines).toHaveLength(promised.length)
    lines.forEach((line, i) => {
      const [matches, code, output] = promised[i] as [RegExp, number, RegExp]
      expect(line).toMatch(matches)
      const r = run(line)
      expect(r.code, `${line}\n${r.stdout}\n${r.stderr}`).toBe(code)
      expect(r.stdout).toMatch(output)
    })
  })

  it('stops both servers on Ctrl-C and leaves nothing running', async () => {
    const ports = [...printed.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]))
    expect(ports.length).toBeGreaterThanOrEqual(2)
    expect(await Promise.all(ports.map(listening))).toEqual(ports.map(() => true))
    const closed = new Promise((r) => sandbox.on('close', r))
    // A terminal's Ctrl-C reaches the whole foreground group: npm and the sandbox under it.
    process.kill(-(sandbox.pid as number), 'SIGINT')
    await closed
    const deadline = Date.now() + 15_000
    while ((await Promise.all(ports.map(listening))).some(Boolean) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200))
    }
    expect(await Promise.all(ports.map(listening))).toEqual(ports.map(() => false))
    expect(printed).toMatch(/stopping/)
  })
})
