// Journey: an investigation at a real terminal (a pseudo-terminal read through a terminal emulator), at 80 and
// 200 columns. What it must show: at once what it will do, a live line per running step with its elapsed time,
// colour by severity (none with NO_COLOR or --no-color), no line wider than the terminal, and Ctrl-C → 130.
import { writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { writeKubeconfig } from '../support/kubeconfig.js'
import { pipelineSandbox } from '../support/pipeline.js'
import { runInPty } from '../support/pty.js'
import { resetMoto } from '../support/servers/moto.js'
import { createSecurityGroup, ec2, tcp } from '../support/servers/seed-aws.js'

const moto = inject('moto')
const kube = inject('kube')
const sb = pipelineSandbox({ moto, kube })
let hung: Server
const sockets = new Set<Socket>()
const colourOn = { ...sb.env, NO_COLOR: undefined }
// biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes start with ESC
const sgr = /\u001b\[[0-9;]*m/

beforeAll(async () => {
  await resetMoto(moto.endpoint)
  const east = ec2(moto.endpoint, 'us-east-1')
  await createSecurityGroup(east, 'bastion-ssh', [tcp(22, '0.0.0.0/0')])
  await createSecurityGroup(east, `${'a-very-long-security-group-name-'.repeat(4)}end`, [tcp(3389, '0.0.0.0/0')])
  await createSecurityGroup(east, 'web', [tcp(443, '0.0.0.0/0')])
  // A Kubernetes API that accepts connections and never answers: a step that waits.
  hung = createServer((s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r))
  const kubeconfig = writeKubeconfig(
    join(sb.home, 'hung-kubeconfig'),
    `https://127.0.0.1:${(hung.address() as { port: number }).port}`,
    ['hung'],
  )
  sb.env.HUNG_KUBECONFIG = kubeconfig
  expect(sb.run(['config', 'set', 'environments.stuck.kubernetes.context', 'hung']).code).toBe(0)
}, 60_000)
afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise((r) => hung.close(r))
  sb.cleanup()
})

describe.each([80, 200])('at %i columns', (cols) => {
  it('a finished run: what it did, findings by severity in colour, and no line wider than the terminal', async () => {
    const pty = runInPty(['run', 'aws-security-group-exposure', '--env', 'dev'], { cols, env: colourOn, cwd: sb.home })
    expect(await pty.exited).toBe(0)
    const screen = await pty.screen()
    const text = screen.map((l) => l.text).join('\n')
    expect(screen[0]?.text).toMatch(/^Running aws-security-group-exposure on dev \(regions us-east-1, eu-west-1/)
    expect(text).toMatch(/^✓ groups@us-east-1 \d+ items, \d+ ms$/m)
    expect(text).toMatch(/^HIGH \(2\)$/m)
    expect(text).toContain('a-very-long-security-group-name-')
    expect(screen.filter((l) => l.wrapped)).toEqual([])
    expect(pty.raw()).toContain('\u001b[31mHIGH (2)')
  })
})

describe('colour is off when asked', () => {
  it.each([
    ['NO_COLOR=1', { NO_COLOR: '1' }, []],
    ['--no-color', {}, ['--no-color']],
  ])('%s: no colour code at all, the same words', async (_name, env, flags) => {
    const pty = runInPty(['run', 'aws-security-group-exposure', '--env', 'dev', ...flags], {
      cols: 80,
      env: { ...colourOn, ...env },
      cwd: sb.home,
    })
    expect(await pty.exited).toBe(0)
    expect(pty.raw()).not.toMatch(sgr)
    expect((await pty.screen()).map((l) => l.text)).toContain('HIGH (2)')
  })
})

describe('approval at the terminal, step by step', () => {
  // Pods may be listed; everything else (the optional previous-log step, node reads) needs a person.
  const policy = () => {
    const file = join(sb.home, 'approve-policy.yaml')
    writeFileSync(
      file,
      'version: 1\nread_only: true\ndefault: require_approval\nrules:\n  - id: pods-allowed\n    effect: allow\n    match: { action: ["k8s.pods.list"] }\n',
    )
    return file
  }
  const crashloops = () =>
    runInPty(['run', 'k8s-crashloop-pods', '--env', 'dev', '--policy', policy(), '--param', 'namespace=default'], {
      cols: 80,
      env: colourOn,
      cwd: sb.home,
    })

  it('shows the step, its risk, where and its params; declining the optional step runs the rest', async () => {
    const pty = crashloops()
    await pty.waitFor(/Approve step 1 of 1\?/)
    const prompt = (await pty.screen()).map((l) => l.text).join('\n')
    expect(prompt).toMatch(/Step logs: k8s\.pods\.previous_logs \(risk read, optional: declining skips it\)/)
    expect(prompt).toMatch(/on dev \(regions us-east-1, eu-west-1; context cloudops-test\)/)
    expect(prompt).toMatch(/policy: .*\(default\)/)
    pty.type('n\r')
    expect(await pty.exited).toBe(0)
    const screen = (await pty.screen()).map((l) => l.text).join('\n')
    expect(screen).toMatch(/k8s-crashloop-pods on dev: SUCCEEDED/)
    expect(screen).toMatch(/^- logs skipped: declined at the approval prompt$/m)
    expect(screen).toMatch(/^logs +k8s\.pods\.previous_logs +skipped +skipped: declined at the/m)
    expect(screen).toMatch(/^pods +k8s\.pods\.list +ok /m)
  })

  it('approving runs the step; declining a required step runs nothing (exit 4); Ctrl-C at the prompt is 130', async () => {
    const yes = crashloops()
    await yes.waitFor(/Approve step 1 of 1\?/)
    yes.type('y\r')
    expect(await yes.exited).toBe(0)
    expect(yes.raw()).not.toContain('declined at the approval prompt')
    const node = runInPty(['run', 'k8s-node-health', '--env', 'dev', '--policy', policy()], {
      cols: 80,
      env: colourOn,
      cwd: sb.home,
    })
    await node.waitFor(/Approve step 1 of 1\?/)
    expect(node.raw()).toMatch(/risk read, required/)
    node.type('n\r')
    expect(await node.exited).toBe(4)
    expect(node.raw()).toMatch(/approval declined for required step nodes: nothing was run/)
    const cancel = crashloops()
    await cancel.waitFor(/Approve step 1 of 1\?/)
    cancel.type('\u0003')
    expect(await cancel.exited).toBe(130)
  })
})

describe('a step that waits', () => {
  it('shows a live line with its elapsed time while it waits; Ctrl-C clears it and exits 130', async () => {
    const pty = runInPty(['run', 'k8s-node-health', '--env', 'stuck'], {
      cols: 80,
      env: { ...colourOn, KUBECONFIG: sb.env.HUNG_KUBECONFIG },
      cwd: sb.home,
    })
    await pty.waitFor(/Running k8s-node-health on stuck \(.*context hung\): 1 step/)
    await pty.waitFor(/nodes {2}k8s\.nodes\.list {2}1\.\ds/)
    const live = (await pty.screen()).map((l) => l.text)
    expect(live.at(-1)).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] nodes {2}k8s\.nodes\.list {2}1\.\ds$/)
    pty.type('\u0003')
    expect(await pty.exited).toBe(130)
    const after = (await pty.screen()).map((l) => l.text)
    expect(after.some((l) => /k8s\.nodes\.list {2}\d/.test(l))).toBe(false)
    expect(after.join('\n')).toMatch(/cancel/i)
  })

  it('in a pipe, and with --json at a terminal, there is no progress at all', async () => {
    const piped = sb.run(['run', 'aws-security-group-exposure', '--env', 'dev'])
    expect(piped.code).toBe(0)
    expect(piped.stderr).toBe('')
    const json = runInPty(['run', 'aws-security-group-exposure', '--env', 'dev', '--json'], {
      cols: 80,
      env: colourOn,
      cwd: sb.home,
    })
    expect(await json.exited).toBe(0)
    expect(json.raw()).not.toContain('Running')
    expect(json.raw()).not.toMatch(sgr)
    expect(JSON.parse(json.raw()).status).toBe('succeeded')
  })
})
