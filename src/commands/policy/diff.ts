import { BaseCommand } from '../../base-command.js'
import * as Args from '../../command/arg-kinds.js'
import { policyDiff } from '../../services/policy.js'

type Result = ReturnType<typeof policyDiff>

export default class PolicyDiff extends BaseCommand<typeof PolicyDiff> {
  static override summary = 'Structural diff of two policies: rules added, removed and changed, by field.'
  static override description = 'Compares meaning, not text: reordered rules or list items are not a change.'
  static override examples = [
    '<%= config.bin %> policy diff old.yaml new.yaml',
    '<%= config.bin %> policy diff a.yaml b.yaml --json',
  ]
  static override args = {
    a: Args.string({ description: 'The old policy', required: true }),
    b: Args.string({ description: 'The new policy', required: true }),
  }

  async run(): Promise<void> {
    this.print(policyDiff(this.args.a, this.args.b), renderDiff)
  }
}

const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v))

function renderDiff({ from, to, diff }: Result, format: 'table' | 'markdown'): string {
  const bullet = format === 'markdown' ? '- ' : ''
  if (diff.identical) return `${from.source} and ${to.source} are the same policy.`
  const lines = [`--- ${from.source} (${from.sha256.slice(0, 12)})`, `+++ ${to.source} (${to.sha256.slice(0, 12)})`]
  for (const c of diff.top) lines.push(`${bullet}~ ${c.field}: ${show(c.from)} → ${show(c.to)}`)
  for (const r of diff.added) lines.push(`${bullet}+ rule ${r.id}: ${r.effect} ${show(r.match)}`)
  for (const r of diff.removed) lines.push(`${bullet}- rule ${r.id}: ${r.effect} ${show(r.match)}`)
  for (const c of diff.changed) {
    for (const f of c.fields) lines.push(`${bullet}~ rule ${c.id} ${f.field}: ${show(f.from)} → ${show(f.to)}`)
  }
  return lines.join('\n')
}
