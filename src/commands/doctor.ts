import { BaseCommand } from '../base-command.js'
import { loadConfig } from '../config/config.js'
import { doctorChecks } from '../doctor/checks.js'
import { RuntimeError } from '../errors.js'
import type { Terminal } from '../render/output.js'
import { wrapText } from '../render/wrap.js'
import { type DoctorReport, runDoctor } from '../services/doctor.js'

export default class Doctor extends BaseCommand<typeof Doctor> {
  static override summary = 'Check that cloudops can work here: config, paths, keys, and the services it talks to.'
  static override description =
    'Each check prints ✓ or ✗ with what it saw and, when something is wrong, the fix. Exits 1 when any check fails.'
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --json']

  async run(): Promise<void> {
    const report = await runDoctor(doctorChecks, {
      paths: this.paths,
      config: () => loadConfig(this.paths),
      env: process.env,
    })
    this.print(report, renderDoctor)
    // A team server that accepted and never answered leaves nats.js's socket open: end the process once done.
    if (report.checks.some((c) => c.name === 'team')) (await import('../team/connect.js')).lingerGuard()
    if (!report.ok) {
      const failed = report.checks.filter((c) => !c.ok).map((c) => c.name)
      // The report is already printed; the error line names what failed.
      throw new RuntimeError(
        `doctor found ${failed.length} problem${failed.length > 1 ? 's' : ''}: ${failed.join(', ')}`,
        {
          hint: 'Apply the fixes shown above, then run `cloudops doctor` again.',
          resultPrinted: true,
        },
      )
    }
  }
}

function renderDoctor(report: DoctorReport, format: 'table' | 'markdown', term: Terminal): string {
  const c = term.colour
  const mark = (x: DoctorReport['checks'][number]) => (!x.ok ? c.red('✗') : x.warning ? c.yellow('!') : c.green('✓'))
  // At a terminal each line wraps at its width, the continuation under the text (colour is added after wrapping).
  const width = format === 'markdown' ? undefined : term.width
  return report.checks
    .flatMap((x) => {
      const [first = '', ...rest] = wrapText(`${x.name}: ${x.detail}`, width, '  ', '  ')
      const lines = [`${mark(x)}${first.slice(1)}`, ...rest]
      if (x.fix && (!x.ok || x.warning)) lines.push(...wrapText(`fix: ${x.fix}`, width, '         ', '    '))
      return format === 'markdown' ? [`- ${lines.join(' ')}`] : lines
    })
    .join('\n')
}
