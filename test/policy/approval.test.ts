import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { PolicyDeniedError } from '../../src/errors.js'
import { assertNoDeny, requestApproval } from '../../src/policy/approval.js'
import type { Decision } from '../../src/policy/types.js'

const allow: Decision = { step: 'a', effect: 'allow', rules: ['reads'], reason: 'reads are allowed' }
const ask: Decision = { step: 'b', effect: 'require_approval', rules: ['writes'], reason: 'writes need a person' }
const deny: Decision = { step: 'c', effect: 'deny', rules: ['no-prod'], reason: 'never in prod' }

describe('approvals', () => {
  it('needs nothing when every step is allowed', async () => {
    expect(await requestApproval([allow], { yes: false, interactive: false })).toMatchObject({ by: 'none', steps: [] })
  })

  it('--yes approves require_approval steps non-interactively, and says so', async () => {
    const r = await requestApproval([allow, ask], { yes: true, interactive: false })
    expect(r).toMatchObject({ by: 'flag', steps: ['b'], approved: ['b'], declined: [] })
    expect(r.user).toBeTruthy()
  })

  it('refuses without a TTY and without --yes (exit 4)', async () => {
    const err = await requestApproval([ask], { yes: false, interactive: false }).catch((e) => e)
    expect(err).toBeInstanceOf(PolicyDeniedError)
    expect(err.exitCode).toBe(4)
    expect(err.message).toContain('b')
  })

  it('never lets --yes or a prompt override a deny, and names the rule', async () => {
    for (const opts of [
      { yes: true, interactive: false },
      { yes: false, interactive: true, prompt: async () => true },
    ]) {
      const err = await requestApproval([ask, deny], opts).catch((e) => e)
      expect(err).toBeInstanceOf(PolicyDeniedError)
      expect(err.message).toMatch(/denies step c \(rule no-prod\)/)
    }
    expect(() => assertNoDeny([allow, ask])).not.toThrow()
  })

  it('asks step by step, showing what each step is and why it needs approval', async () => {
    const asked: string[] = []
    const r = await requestApproval([allow, ask, { ...ask, step: 'd' }], {
      yes: false,
      interactive: true,
      describe: (d) => `Step ${d.step}: k8s.pods.list (risk read) on prod`,
      prompt: async (m) => {
        asked.push(m)
        return true
      },
    })
    expect(asked).toEqual([
      'Step b: k8s.pods.list (risk read) on prod\n  policy: writes need a person (writes)\nApprove step 1 of 2?',
      'Step d: k8s.pods.list (risk read) on prod\n  policy: writes need a person (writes)\nApprove step 2 of 2?',
    ])
    expect(r).toMatchObject({ by: 'prompt', steps: ['b', 'd'], approved: ['b', 'd'], declined: [] })
  })

  it('a declined optional step is skipped and the others are still asked and approved', async () => {
    const answers = [false, true]
    const r = await requestApproval([ask, { ...ask, step: 'd' }], {
      yes: false,
      interactive: true,
      optional: new Set(['b']),
      prompt: async () => answers.shift() as boolean,
    })
    expect(r).toMatchObject({ by: 'prompt', approved: ['d'], declined: ['b'] })
    expect(answers).toEqual([])
  })

  it('a declined required step ends the run (exit 4) without asking about the rest', async () => {
    let asked = 0
    const err = await requestApproval([ask, { ...ask, step: 'd' }], {
      yes: false,
      interactive: true,
      optional: new Set(['d']),
      prompt: async () => {
        asked++
        return false
      },
    }).catch((e) => e)
    expect(err).toBeInstanceOf(PolicyDeniedError)
    expect(err.message).toBe('approval declined for required step b: nothing was run')
    expect(err.hint).toBe(
      'Review the plan with `cloudops plan`; an optional step can be declined and the rest still runs.',
    )
    expect(asked).toBe(1)
  })

  it('with nothing to approve, approves and declines nothing', async () => {
    const r = await requestApproval([allow, { ...allow, step: 'e' }], { yes: false, interactive: false })
    expect(r).toMatchObject({ steps: [], approved: [], declined: [], by: 'none' })
    expect(r.approved).toEqual([])
    expect(r.declined).toEqual([])
  })

  it('a deny names every rule, says it cannot be overridden, and lists only the denied steps', () => {
    const twice: Decision = { step: 'e', effect: 'deny', rules: ['no-prod', 'no-secrets'], reason: 'both' }
    let err: PolicyDeniedError | undefined
    try {
      assertNoDeny([allow, twice, ask, deny])
    } catch (e) {
      err = e as PolicyDeniedError
    }
    expect(err).toBeInstanceOf(PolicyDeniedError)
    expect(err?.message).toBe('policy denies step e (rule no-prod, no-secrets): both')
    expect(err?.hint).toBe(
      'A deny cannot be overridden by a flag; change the policy (see `cloudops policy show`) if it is wrong.',
    )
    expect(err?.details).toEqual({ denied: [twice, deny] })
  })

  it("without a terminal, the caller's own words for how approval can be had replace the CLI's", async () => {
    const err = await requestApproval([ask], { yes: false, interactive: false, unapprovedHint: 'Ask a person.' }).catch(
      (e) => e,
    )
    expect(err).toBeInstanceOf(PolicyDeniedError)
    expect(err.hint).toBe('Ask a person.')
  })

  it('without --yes or a terminal, names every pending step, how to approve, and lists them', async () => {
    const d = { ...ask, step: 'd' }
    const err = await requestApproval([ask, allow, d], { yes: false, interactive: false }).catch((e) => e)
    expect(err).toBeInstanceOf(PolicyDeniedError)
    expect(err.message).toBe('2 step(s) need approval and none was given: b (rule writes), d (rule writes)')
    expect(err.hint).toBe('Review them with `cloudops plan`, then re-run with --yes, or run in a terminal to be asked.')
    expect(err.details).toEqual({ require_approval: [ask, d] })
  })

  it('without a description, a step is shown by its id, with every rule', async () => {
    const asked: string[] = []
    await requestApproval([{ ...ask, rules: ['writes', 'prod'] }], {
      yes: false,
      interactive: true,
      prompt: async (m) => {
        asked.push(m)
        return true
      },
    })
    expect(asked).toEqual(['Step b\n  policy: writes need a person (writes, prod)\nApprove step 1 of 1?'])
  })

  it('a declined prompt runs nothing (exit 4)', async () => {
    const err = await requestApproval([ask], { yes: false, interactive: true, prompt: async () => false }).catch(
      (e) => e,
    )
    expect(err).toBeInstanceOf(PolicyDeniedError)
  })

  it.each([
    ['y\r', 'APPROVED by=prompt steps=b'],
    ['n\r', 'REFUSED approval declined for required step b'],
    // Ctrl-C at the prompt is the person cancelling (exit 130 in the CLI), not an internal error.
    ['\\003', 'REFUSED cancelled by SIGINT (Ctrl-C)'],
  ])('drives the real confirm prompt in a pseudo-terminal (%j)', (keys, expected) => {
    const script = `
      const { requestApproval } = await import(${JSON.stringify(new URL('../../dist/policy/approval.js', import.meta.url).href)});
      try {
        const r = await requestApproval([${JSON.stringify(ask)}], { yes: false, interactive: true });
        console.log('APPROVED by=' + r.by + ' steps=' + r.steps.join(','));
      } catch (e) { console.log('REFUSED ' + e.message) }`
    // script(1) gives the child a real pty; the keys arrive after the prompt has rendered.
    const shell = `(sleep 1.5; printf '${keys}') | script -qfec "node --input-type=module -e \\"$CODE\\"" /dev/null`
    const r = spawnSync('bash', ['-c', shell], {
      env: { ...process.env, CODE: script.replaceAll('"', '\\"') },
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(r.stdout).toContain('Approve step 1 of 1?')
    expect(r.stdout).toContain(expected)
  })
})
