// A step's time limit: its call gets a signal that aborts when the step times out or the run is cancelled, and the
// step ends then even when the call ignores its signal.
import { untilCancelled } from '../cancel.js'

class StepTimeout extends Error {
  override name = 'TimeoutError'
}

export async function runWithTimeout<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  ms: number,
  outer?: AbortSignal,
): Promise<T> {
  const controller = new AbortController()
  const onAbort = () => controller.abort(outer?.reason)
  outer?.addEventListener('abort', onAbort, { once: true })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new StepTimeout(`timed out after ${Math.round(ms / 1000)}s`)
      controller.abort(err)
      reject(err)
    }, ms)
  })
  try {
    // A cancelled run does not wait for a call that ignores its signal.
    return await untilCancelled(Promise.race([fn(controller.signal), timeout]), outer)
  } finally {
    clearTimeout(timer)
    outer?.removeEventListener('abort', onAbort)
  }
}
