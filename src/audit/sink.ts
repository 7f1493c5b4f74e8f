// The port every stage writes audit records through. The hash-chained file writer implements it; tests and
// commands that do not audit use the no-op. A failed append throws: nothing runs without its record (fail closed).
export type AuditKind =
  | 'run_started'
  | 'intent_parsed'
  | 'intent_rejected'
  | 'llm_call'
  | 'plan_created'
  | 'policy_decided'
  | 'approval'
  | 'step_started'
  | 'step_finished'
  | 'run_finished'
  | 'command_failed'
  | 'log_rotated'

export interface AuditActor {
  user: string
  host: string
  tool_version: string
  aws_arn?: string
  kube_user?: string
  kube_context?: string
}

export interface AuditEvent {
  run_id: string
  kind: AuditKind
  /** Counts, ids, hashes and redacted text only: never a key, token or raw cloud payload. */
  data: Record<string, unknown>
  actor?: Partial<AuditActor>
}

export interface AuditSink {
  append(event: AuditEvent): Promise<void>
  /** Writes the head anchor (<log>.head) after a run. */
  close(): Promise<void>
}

export const noopAuditSink: AuditSink = {
  async append() {},
  async close() {},
}
