// Progress at a terminal, on stderr: at once a line saying what the run will do, then a live line per running step
// with its elapsed time, and a lasting line as each step ends. The caller creates it only for a TTY, and never with
// --json or --quiet, so pipes and scripts see none of it.
import type { Colors } from 'picocolors/types.js'
import type { PlanStep } from '../planner/types.js'
import type { StepReport } from '../report/types.js'
import { safeInline } from './safe-text.js'
import type { TextOutput } from './std-output.js'
import { sliceToWidth } from './width.js'

export interface Progress {
  /** A lasting line (the run's first line, a note): printed above the live lines. */
  line(text: string): void
  step(event: 'start' | 'end', step: PlanStep, report?: StepReport): void
  /** Clears the live lines and stops the clock; idempotent. */
  stop(): void
}

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const tickMs = 100

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`

function endLine(step: PlanStep, report: StepReport, c: Colors): string {
  const id = safeInline(step.id)
  if (report.status === 'ok') {
    const items = `${report.items} item${report.items === 1 ? '' : 's'}`
    return `${c.green('✓')} ${id} ${c.dim(`${items}, ${report.duration_ms} ms`)}`
  }
  const why = safeInline(report.error ?? report.status)
  if (report.status === 'skipped') return `${c.dim('-')} ${id} ${c.dim(why)}`
  return `${c.red('✗')} ${id} ${why.startsWith(`${report.status}:`) ? why : `${report.status}: ${why}`}`
}

export function terminalProgress(stream: TextOutput, colour: Colors, now = () => Date.now()): Progress {
  const running = new Map<string, { step: PlanStep; since: number }>()
  let drawn = 0
  let frame = 0
  let timer: NodeJS.Timeout | undefined
  // Each line is cut to the width, so one line on screen is one line here and the cursor-up count is right.
  const fitLine = (text: string) => sliceToWidth(text, Math.max(20, (stream.columns ?? 80) - 1))

  const clear = () => {
    if (drawn > 0) stream.write(`\u001b[${drawn}A\r\u001b[J`)
    drawn = 0
  }
  const draw = () => {
    const spinner = colour.cyan(frames[frame % frames.length] ?? '')
    const lines = [...running.values()].map(
      ({ step, since }) =>
        `${spinner} ${fitLine(`${safeInline(step.id)}  ${safeInline(step.action)}  ${seconds(now() - since)}`)}`,
    )
    if (lines.length) stream.write(`${lines.join('\n')}\n`)
    drawn = lines.length
  }
  const redraw = () => {
    clear()
    draw()
  }

  return {
    line(text) {
      clear()
      stream.write(`${text}\n`)
      draw()
    },
    step(event, step, report) {
      if (event === 'start') {
        running.set(step.id, { step, since: now() })
        timer ??= setInterval(() => {
          frame++
          redraw()
        }, tickMs).unref()
      } else {
        running.delete(step.id)
        clear()
        if (report) stream.write(`${endLine(step, report, colour)}\n`)
      }
      redraw()
    },
    stop() {
      clearInterval(timer)
      timer = undefined
      running.clear()
      clear()
    },
  }
}
