// The audit sink for a command run: the hash-chained file at the configured path, with the local signing key.
import type { Paths } from '../config/paths.js'
import { loadSigningKey } from '../config/signing-key.js'
import { redact } from '../redact.js'
import type { AuditActor, AuditSink } from './sink.js'
import { FileAuditSink, localActor } from './writer.js'

export function openAuditSink(paths: Paths, actor: AuditActor = localActor()): FileAuditSink {
  return new FileAuditSink(paths.auditLog, actor, loadSigningKey(paths))
}

/** The record of a command that failed before or outside a run (bad input included). */
export async function recordCommandFailure(
  sink: AuditSink,
  runId: string,
  failure: { command: string; exitCode: number; error: unknown },
): Promise<void> {
  const err = failure.error
  await sink.append({
    run_id: runId,
    kind: 'command_failed',
    data: {
      command: failure.command,
      exit_code: failure.exitCode,
      status: 'failed',
      error_class: err instanceof Error ? err.name : typeof err,
      message: redact(err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)).slice(0, 500),
    },
  })
  await sink.close()
}
