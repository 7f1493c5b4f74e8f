// The base of commands that run the pipeline (ask, run, apply, plan, intent): one run id, one audit sink, and a
// failure record for anything that goes wrong before the run's own end is written.
import type * as Interfaces from '@oclif/core/interfaces'
import type { Severity } from './analyzers/types.js'
import { findingSeverities } from './analyzers/types.js'
import { openAuditSink, recordCommandFailure } from './audit/open.js'
import { newRunId } from './audit/run-id.js'
import type { AuditSink } from './audit/sink.js'
import { BaseCommand } from './base-command.js'
import { type Cancellation, cancelOnSignals } from './cancel.js'
import type { Command } from './command/command.js'
import { configDefaults } from './config/defaults.js'
import { loadSigningKey } from './config/signing-key.js'
import { formatErrorLine, toErrorJson, toErrorReport } from './error-report.js'
import {
  AuditInvalidError,
  CancelledError,
  CloudopsError,
  ExitCode,
  FindingsThresholdError,
  PartialExecutionError,
  RuntimeError,
} from './errors.js'
import { type llmFlags, type outputFlags, parseConfidence, type playbooksFlag, type policyFlag } from './flags.js'
import type { IntentResult } from './intent/result.js'
import type { Plan } from './planner/types.js'
import { renderIntent } from './render/intent.js'
import { planTarget } from './render/plan.js'
import { type Progress, terminalProgress } from './render/progress.js'
import { renderReport } from './render/report.js'
import { safeInline } from './render/safe-text.js'
import { stderr } from './render/std-output.js'
import { wrapText } from './render/wrap.js'
import type { LlmUsage, RunReport } from './report/types.js'
import { loadSources, type Sources } from './services/sources.js'

/** The flag groups of flags.ts the pipeline reads; a command composes those it takes, and lacks the others. */
type PipelineFlagInput = typeof playbooksFlag & typeof policyFlag & typeof llmFlags
type PipelineFlags = Partial<Interfaces.InferredFlags<PipelineFlagInput>> & Interfaces.InferredFlags<typeof outputFlags>

/** A command class whose flags, where it has the pipeline's, are the pipeline's (not another flag of the name). */
type PipelineCommandClass = typeof Command & { flags: Partial<PipelineFlagInput> }

/** What a command that plans and runs a playbook can end with (ask, run): its own codes, and a run's outcomes. */
export const runExitCodes: readonly ExitCode[] = [
  ExitCode.ok,
  ExitCode.runtime,
  ExitCode.usage,
  ExitCode.intentRejected,
  ExitCode.policyDenied,
  ExitCode.partial,
  ExitCode.auditInvalid,
  ExitCode.findings,
  ExitCode.interrupted,
  ExitCode.terminated,
]

export abstract class PipelineCommand<T extends PipelineCommandClass> extends BaseCommand<T> {
  protected readonly runId = newRunId()
  private sink?: AuditSink
  private runEnded = false
  private autoShipConnection?: Promise<import('@nats-io/transport-node').NatsConnection>
  private cancellation?: Cancellation
  private graceTimer?: NodeJS.Timeout
  private progressView?: Progress
  /** How long a cancelled run may take to wind down (a call that ignores its signal) before it is cut short. */
  protected static cancelGraceMs = 3000
  // Each run is audited (a log that fails verification stops it: 7) and can be cancelled (130, 143).
  static override exitCodes: readonly ExitCode[] = [
    ...BaseCommand.exitCodes,
    ExitCode.auditInvalid,
    ExitCode.interrupted,
    ExitCode.terminated,
  ]

  protected override async init(): Promise<void> {
    await super.init()
    this.prepareAutoShip()
    this.cancellation = cancelOnSignals()
    this.cancellation.signal.addEventListener('abort', () => this.cutShortAfterGrace(), { once: true })
  }

  protected override async finally(err: Error | undefined): Promise<unknown> {
    this.cancellation?.dispose()
    const cancelled = this.cancellation?.signal.reason
    if (!(cancelled instanceof CancelledError) && this.sink) await this.autoShip()
    // Unused (no record to ship, a cancelled run) or already closed by the ship: it must not keep the process up.
    this.autoShipConnection?.then((nc) => nc.close()).catch(() => {})
    if (cancelled instanceof CancelledError) {
      // Reported and recorded by catch(); a call that ignored its signal must not keep the process alive.
      clearTimeout(this.graceTimer)
      setTimeout(() => process.exit(process.exitCode ?? cancelled.exitCode), 50).unref()
    }
    return super.finally(err)
  }

  /** With team.auto_ship, the NATS client and connection are made while the run runs (and never fail it). */
  private prepareAutoShip(): void {
    try {
      const config = this.userConfig().config
      if (!config.team?.auto_ship) return
      this.autoShipConnection = Promise.all([import('./team/auto-ship.js'), import('./team/settings.js')]).then(
        ([{ prepareAutoShip }, { teamSettings }]) => prepareAutoShip(teamSettings(config)),
      )
      this.autoShipConnection.catch(() => {})
    } catch {
      // An invalid config.yaml is the run's own error, said by the stage that reads it.
    }
  }

  /** team.auto_ship: the run's records to the team, bounded; a failure is one notice, never the exit code. */
  private async autoShip(): Promise<void> {
    try {
      const team = this.userConfig().config.team
      if (!team?.auto_ship) return
      const { autoShip } = await import('./team/auto-ship.js')
      const { lingerGuard } = await import('./team/connect.js')
      const { cursorFile } = await import('./team/cursor.js')
      const { teamSettings } = await import('./team/settings.js')
      const notice = await autoShip(teamSettings(this.userConfig().config), {
        log: this.paths.auditLog,
        cursorFile: cursorFile(this.paths.stateDir),
        key: loadSigningKey(this.paths),
        connection: this.autoShipConnection,
      })
      if (notice) this.notice(notice)
      lingerGuard()
    } catch (err) {
      this.notice(`auto_ship: ${(err as Error)?.message?.split('\n')[0]}; the next run ships the rest`)
    }
  }

  /** The signal that SIGINT/SIGTERM abort. */
  protected get cancelSignal(): AbortSignal | undefined {
    return this.cancellation?.signal
  }

  /** The run normally ends itself through CancelledError; this covers a stage that cannot be interrupted. */
  private cutShortAfterGrace(): void {
    const cancelled = this.cancellation?.signal.reason as CancelledError
    this.graceTimer = setTimeout(
      async () => {
        try {
          await this.recordFailure(cancelled, cancelled.exitCode)
        } catch {}
        this.progressView?.stop()
        this.say(formatErrorLine(toErrorReport(cancelled)))
        process.exit(cancelled.exitCode)
      },
      (this.constructor as typeof PipelineCommand).cancelGraceMs,
    )
    this.graceTimer.unref()
  }

  protected get audit(): AuditSink {
    this.sink ??= openAuditSink(this.paths)
    const inner = this.sink
    return {
      append: async (e) => {
        await inner.append(e)
        if (e.kind === 'run_finished') this.runEnded = true
      },
      close: () => inner.close(),
    }
  }

  /** This command's flags as the pipeline reads them (T's own are generic here, so opaque to the compiler). */
  private get pipelineFlags(): PipelineFlags {
    return this.flags
  }

  protected async sources(): Promise<Sources> {
    const f = this.pipelineFlags
    const src = await loadSources({
      paths: this.paths,
      config: this.userConfig().config,
      playbooksDir: f.playbooks,
      policyFlag: f.policy,
      onSkipped: (line) => this.notice(line),
    })
    for (const line of src.policy.notices ?? []) this.notice(line)
    return src
  }

  /** Turn the question into an intent with the LLM flags this command was given (ask, intent, plan). */
  protected async understandQuestion(src: Sources, question: string): Promise<IntentResult> {
    const f = this.pipelineFlags
    const { understand } = await import('./services/intent.js')
    const result = await understand(
      src,
      {
        question,
        provider: f.provider,
        model: f.model,
        minConfidence: parseConfidence(f['min-confidence']),
        noCache: f['no-cache'],
      },
      { sink: this.audit, runId: this.runId },
    )
    // Which parser answered, when that may surprise: offline by default, or config's offline over an exported key.
    if (result.providerNotice) this.notice(result.providerNotice)
    this.detail(`intent: ${renderIntent(result)}`)
    return result
  }

  protected async startRun(data: Record<string, unknown>): Promise<void> {
    await this.audit.append({ run_id: this.runId, kind: 'run_started', data: { command: this.id, ...data } })
  }

  /** A person can answer prompts: terminals on both ends, and not --json. */
  protected get interactive(): boolean {
    // stderr first: off a terminal (cron, CI) nothing more is loaded. Then isatty(0), not process.stdin.isTTY: that
    // makes the stdin stream, which for a file or /dev/null loads fs/promises, readline and the streams, to be read
    // by nobody. node:tty is loaded by then: stderr is a terminal.
    return stderr().isTTY && process.getBuiltinModule('node:tty').isatty(0) && this.format !== 'json'
  }

  /** Step progress on stderr in a terminal; none in a pipe, with --json or --quiet. */
  private startProgress(plan: Plan, concurrency: number): Progress | undefined {
    if (!stderr().isTTY || this.pipelineFlags.quiet || this.format === 'json') return undefined
    // A plan for an environment config.yaml lacks never runs: no "Running" line before its refusal.
    if (!plan.environment.resolved) return undefined
    const colour = this.terminal(stderr()).colour
    this.progressView = terminalProgress(stderr(), colour)
    const where = planTarget(plan)
    const n = plan.steps.length
    const pace = n === 1 ? '1 step' : `${n} steps, up to ${Math.min(n, concurrency)} at a time`
    const on = plan.targets ? `${plan.targets.length} targets of ${plan.environment.name}` : plan.environment.name
    const what = `Running ${plan.playbook.name} on ${on}${where ? ` (${where})` : ''}: ${pace}`
    for (const line of wrapText(safeInline(what), stderr().columns, '  ')) this.progressView.line(line)
    return this.progressView
  }

  /** Print the report, then turn its outcome into the contract's exit code. */
  protected finishRun(report: RunReport, failOn?: Severity): void {
    const outcome = outcomeError(report, failOn)
    this.printReport(report, outcome)
    if (outcome) throw outcome
  }

  /**
   * The report; with --json and an exit code other than 0, the report also carries the contract's `error` object, so
   * a script tests one key whatever the command printed.
   */
  private printReport(report: RunReport, err?: CloudopsError): void {
    const withError = err && this.format === 'json' ? { ...report, error: toErrorJson(err).error } : report
    this.print(withError, renderReport)
  }

  /** Run a plan (or dry-run it), print the report, and exit as the contract says. */
  protected async runAndReport(
    plan: Plan,
    opts: { dryRun?: boolean; yes?: boolean; failOn?: Severity; llm?: LlmUsage | null },
  ): Promise<void> {
    const { runPlan } = await import('./services/run.js')
    const exec = this.userConfig().config.execution ?? {}
    // Config's, or four: said here, so the progress line names the number the run uses.
    const concurrency = exec.concurrency ?? configDefaults['execution.concurrency']
    const fleetConcurrency = exec.fleet_concurrency ?? configDefaults['execution.fleet_concurrency']
    const progress = opts.dryRun ? undefined : this.startProgress(plan, plan.targets ? fleetConcurrency : concurrency)
    this.detail(decisionLines(plan))
    let report: RunReport
    try {
      report = await runPlan(plan, {
        runId: this.runId,
        audit: this.audit,
        dryRun: opts.dryRun,
        yes: opts.yes,
        interactive: this.interactive,
        concurrency,
        fleetConcurrency,
        stepTimeoutMs: (exec.step_timeout_seconds ?? configDefaults['execution.step_timeout_seconds']) * 1000,
        llm: opts.llm,
        onStep: progress ? (event, step, r) => progress.step(event, step, r) : undefined,
        signal: this.cancelSignal,
        environments: Object.keys(this.userConfig().config.environments ?? {}),
      })
    } catch (err) {
      progress?.stop()
      this.printCarriedReport(err)
      throw err
    }
    progress?.stop()
    this.detail(timingLines(report))
    this.finishRun(report, opts.failOn)
  }

  /** Errors that carry a report (a denied run) print it before the error line. */
  protected printCarriedReport(err: unknown): void {
    const report = (err as { report?: RunReport }).report
    if (report && err instanceof CloudopsError) {
      this.printReport(report, err)
      ;(err as { resultPrinted?: boolean }).resultPrinted = this.format === 'json'
    }
  }

  protected override async recordFailure(err: unknown, exitCode: number): Promise<void> {
    // The log itself refused (tampered, unwritable): a failure record would be refused the same way.
    if (err instanceof AuditInvalidError || (err as Error)?.name === 'AuditLogError') return
    if (this.runEnded) {
      await this.sink?.close()
      return
    }
    if (err instanceof CancelledError) {
      await this.audit.append({
        run_id: this.runId,
        kind: 'run_finished',
        data: { status: 'cancelled', signal: err.signal, exit_code: exitCode },
      })
      await this.sink?.close()
      return
    }
    await recordCommandFailure(this.sink ?? openAuditSink(this.paths), this.runId, {
      command: this.id ?? 'unknown',
      exitCode,
      error: err,
    })
  }
}

/** --verbose: each step of the plan and what policy decided for it, by which rules. */
function decisionLines(plan: Plan): string {
  const lines = plan.steps.map((s) => {
    const d = plan.policy.decisions.find((x) => x.step === s.id)
    return `  ${s.id}  ${s.action}  risk ${s.risk}  → ${d?.effect ?? '?'} (${d?.rules.join(', ') ?? 'no rule'})`
  })
  return [`plan ${plan.plan_id}: ${plan.playbook.name}, policy ${plan.policy.source}`, ...lines].join('\n')
}

/** --verbose: how each step went and how long it took, slowest first. */
function timingLines(report: RunReport): string {
  const steps = [...report.steps].sort((a, b) => b.duration_ms - a.duration_ms)
  const lines = steps.map((s) => `  ${s.id}  ${s.status}  ${s.duration_ms} ms  ${s.items} items`)
  return [`steps (${report.summary.api_calls} API calls, ${report.summary.duration_ms} ms in all):`, ...lines].join(
    '\n',
  )
}

/** The error a finished run's report means for the exit code (1, 5 or 10), or none for 0. */
function outcomeError(report: RunReport, failOn?: Severity): CloudopsError | undefined {
  if (report.status === 'failed') {
    return new RuntimeError('every required step failed; nothing could be analyzed', {
      hint: 'See each step’s error above (credentials, permissions, endpoints), fix it and run again.',
      resultPrinted: true,
    })
  }
  if (report.status === 'partial' && report.targets) {
    const short = report.targets.filter((t) => t.status !== 'succeeded').map((t) => `${t.id} (${t.status})`)
    return new PartialExecutionError(`some targets did not complete: ${short.join(', ')}; the report covers the rest`, {
      hint: 'See each target’s steps in the report; fix access (or the policy) and run again for full coverage.',
      resultPrinted: true,
    })
  }
  if (report.status === 'partial') {
    const failed = report.steps.filter((s) => s.status !== 'ok').map((s) => s.id)
    return new PartialExecutionError(`some steps did not complete: ${failed.join(', ')}; the report covers what did`, {
      hint: 'See each step’s error in the report; fix access and run again for full coverage.',
      resultPrinted: true,
    })
  }
  if (!failOn) return undefined
  const limit = findingSeverities.indexOf(failOn)
  const hits = report.findings.filter((f) => findingSeverities.indexOf(f.severity) <= limit)
  if (hits.length === 0) return undefined
  return new FindingsThresholdError(`${hits.length} finding(s) at or above ${failOn}`, {
    hint: 'Fix them, or raise --fail-on.',
    resultPrinted: true,
  })
}
