// Publishing to JetStream with acks, many in flight: each message goes out on the one connection with
// Nats-Msg-Id and a reply subject under one inbox, and the stream's acks come back on one subscription. This is
// JetStream's asynchronous publish; it avoids a request (with its own timer and error objects) per message, which
// cost more than the publishing itself. One connection keeps the order, so the stream stores what was sent in order.
import type { NatsConnection, Subscription } from '@nats-io/transport-node'

interface Ack {
  seq: number
  duplicate: boolean
}

interface Waiting {
  resolve: (ack: Ack) => void
  reject: (err: Error) => void
}

/** The stream's answer, untrusted like anything from the server: an ack, or why it is not one. */
function parseAck(data: Uint8Array): Ack | Error {
  let a: { seq?: unknown; duplicate?: unknown; error?: { description?: unknown } }
  try {
    a = JSON.parse(new TextDecoder().decode(data))
  } catch {
    return new Error('the stream answered with something that is not an ack')
  }
  if (a?.error) return new Error(`the stream refused a copy: ${String(a.error.description)}`)
  if (typeof a?.seq !== 'number') return new Error('the stream answered with something that is not an ack')
  return { seq: a.seq, duplicate: a.duplicate === true }
}

export class AckedPublisher {
  private readonly waiting = new Map<string, Waiting>()
  private readonly inbox: string
  private readonly sub: Subscription
  private next = 0

  private constructor(
    private readonly nc: NatsConnection,
    private readonly mod: typeof import('@nats-io/transport-node'),
  ) {
    this.inbox = mod.createInbox()
    this.sub = nc.subscribe(`${this.inbox}.*`, { callback: (err, msg) => this.onAck(err, msg) })
    // A connection that closes mid-batch fails every ack still awaited, at once.
    void nc.closed().then(() => this.failAll(new Error('connection closed before the stream acknowledged')))
  }

  static async open(nc: NatsConnection): Promise<AckedPublisher> {
    return new AckedPublisher(nc, await import('@nats-io/transport-node'))
  }

  private onAck(err: Error | null, msg: { subject: string; data: Uint8Array }): void {
    const w = this.waiting.get(msg.subject)
    if (!w) return
    this.waiting.delete(msg.subject)
    const ack = err ?? parseAck(msg.data)
    if (ack instanceof Error) w.reject(ack)
    else w.resolve(ack)
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err)
    this.waiting.clear()
  }

  /** Sends every message, then waits for all their acks (or fails after timeoutMs without one). */
  async send(subject: string, messages: { id: string; data: string }[], timeoutMs = 10_000): Promise<Ack[]> {
    const acks = messages.map(({ id, data }) => {
      const reply = `${this.inbox}.${this.next++}`
      const promise = new Promise<Ack>((resolve, reject) => this.waiting.set(reply, { resolve, reject }))
      const headers = this.mod.headers()
      headers.set('Nats-Msg-Id', id)
      this.nc.publish(subject, data, { reply, headers })
      return promise
    })
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no ack from the stream within ${timeoutMs} ms`)), timeoutMs)
    })
    try {
      return await Promise.race([Promise.all(acks), timeout])
    } finally {
      clearTimeout(timer)
      for (const a of acks) a.catch(() => {})
    }
  }

  close(): void {
    this.sub.unsubscribe()
  }
}
