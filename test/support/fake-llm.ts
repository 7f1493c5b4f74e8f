// A local HTTP server that speaks the Anthropic Messages and OpenAI Chat Completions wire formats, so tests run
// the real SDKs end to end. Each test scripts the replies; every request is recorded (headers and body) so tests
// can assert what left the process. Listens on 127.0.0.1, on a free port.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  raw: string
  body: Record<string, unknown>
}

export interface Reply {
  status?: number
  headers?: Record<string, string>
  body?: unknown
  /** Never answer (until the server closes): for timeouts. */
  hang?: boolean
}

export interface FakeLlm {
  url: string
  requests: RecordedRequest[]
  /** Replies in order; the last one repeats once the others are used. */
  script(...replies: Reply[]): void
  close(): Promise<void>
}

export async function startFakeLlm(): Promise<FakeLlm> {
  let replies: Reply[] = []
  const requests: RecordedRequest[] = []
  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', (d) => {
      raw += d
    })
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        raw,
        body: raw ? JSON.parse(raw) : {},
      })
      const reply = (replies.length > 1 ? replies.shift() : replies[0]) ?? {
        status: 500,
        body: { error: 'unscripted' },
      }
      if (reply.hang) return
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers })
      res.end(JSON.stringify(reply.body ?? {}))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(...r) {
      replies = r
      requests.length = 0
    },
    close() {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

const usage = { input_tokens: 1200, output_tokens: 80 }

function anthropicMessage(content: unknown[], stop_reason: string): Reply {
  return {
    body: {
      id: 'msg_test',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5-20251001',
      content,
      stop_reason,
      stop_sequence: null,
      usage,
    },
  }
}

/** A Messages API answer whose content is the forced tool call. */
export function anthropicTool(input: unknown, stop_reason = 'tool_use'): Reply {
  return anthropicMessage([{ type: 'tool_use', id: 'toolu_test', name: 'record_intent', input }], stop_reason)
}

export function anthropicText(text: string, stop_reason = 'end_turn'): Reply {
  return anthropicMessage([{ type: 'text', text }], stop_reason)
}

export function anthropicError(status: number, type: string, message: string): Reply {
  return { status, headers: { 'retry-after-ms': '10' }, body: { type: 'error', error: { type, message } } }
}

/** A Chat Completions answer. */
export function openaiAnswer(
  content: string | null,
  opts: { finish_reason?: string; refusal?: string; model?: string } = {},
): Reply {
  return {
    body: {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1_760_000_000,
      model: opts.model ?? 'gpt-5-nano-2025-08-07',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: opts.refusal ?? null },
          finish_reason: opts.finish_reason ?? 'stop',
        },
      ],
      usage: { prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200 },
    },
  }
}

export function openaiError(status: number, message: string): Reply {
  return { status, headers: { 'retry-after-ms': '10' }, body: { error: { message, type: 'invalid_request_error' } } }
}
