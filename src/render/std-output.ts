// stdout and stderr as our commands write to them. A terminal gets Node's own stream, which knows its width. A pipe
// or a file (CI, cron, `| jq`) is written to directly, synchronously, as Node itself writes to them on Linux: making
// Node's stream for a pipe loads node:net and the streams, ~2 ms of a run (bench/RESULTS.md). A reader that has gone
// (`| head`) ends that output quietly: the run goes on to its end, its audit records and its exit code.
import { fstatSync, writeSync } from 'node:fs'

/** Where text goes: Node's WriteStream has this shape too. */
export interface TextOutput {
  readonly isTTY?: boolean
  /** Its width, at a terminal. */
  readonly columns?: number
  write(text: string): unknown
}

interface StdOutput extends TextOutput {
  readonly isTTY: boolean
  /** The reader has gone: nothing written any more reaches anyone. */
  readonly closed: boolean
}

const pause = new Int32Array(new SharedArrayBuffer(4))

/** A pipe's reader has closed it (EPIPE); a socket's has (ECONNRESET: Node gives a child socket pairs for stdio);
 * there is no descriptor any more (EBADF, `>&-`). */
const readerGone = new Set(['EPIPE', 'ECONNRESET', 'EBADF'])

/** A pipe or a file, written whole with write(2). */
class DirectOutput implements StdOutput {
  readonly isTTY = false
  readonly columns = undefined
  closed = false

  constructor(private readonly fd: number) {}

  write(text: string): boolean {
    const bytes = Buffer.from(text)
    for (let at = 0; at < bytes.length && !this.closed; ) {
      try {
        at += writeSync(this.fd, bytes, at)
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        // A pipe another process made non-blocking is full: wait for its reader, as a blocking write would.
        if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 1)
        else if (readerGone.has(code ?? '')) this.closed = true
        else throw err
      }
    }
    return true
  }
}

/** Node's stream, for a terminal (or another character device, /dev/null). */
class StreamOutput implements StdOutput {
  constructor(readonly stream: NodeJS.WriteStream) {}

  get isTTY(): boolean {
    return Boolean(this.stream.isTTY)
  }

  get columns(): number | undefined {
    return this.stream.columns
  }

  get closed(): boolean {
    return this.stream.destroyed
  }

  write(text: string): boolean {
    return this.stream.write(text)
  }
}

function output(fd: 1 | 2, stream: () => NodeJS.WriteStream): StdOutput {
  let terminal: boolean
  try {
    terminal = fstatSync(fd).isCharacterDevice()
  } catch {
    terminal = false // closed (`>&-`): DirectOutput finds that at its first write
  }
  return terminal ? new StreamOutput(stream()) : new DirectOutput(fd)
}

let out: StdOutput | undefined
let err: StdOutput | undefined

export function stdout(): StdOutput {
  out ??= output(1, () => process.stdout)
  return out
}

export function stderr(): StdOutput {
  err ??= output(2, () => process.stderr)
  return err
}

/** Node's stream under stdout(), if it has one (a terminal): a direct write has reached its file or pipe already. */
export function stdoutStream(): NodeJS.WriteStream | undefined {
  return out instanceof StreamOutput ? out.stream : undefined
}

/** Waits (10 s at most) for what was written to the stream to reach it. */
export async function drain(stream: NodeJS.WriteStream | undefined): Promise<void> {
  if (!stream || stream.write('')) return
  const drained = new Promise((resolve) => stream.once('drain', resolve))
  const timeout = new Promise((resolve) => setTimeout(resolve, 10_000).unref())
  await Promise.race([drained, timeout])
}
