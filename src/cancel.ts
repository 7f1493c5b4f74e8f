// Cancellation by signal: the first SIGINT or SIGTERM aborts the run's signal (in-flight calls stop, the run is
// recorded as cancelled, one line is printed); a second one exits at once, as people expect of Ctrl-C Ctrl-C.
import { CancelledError, ExitCode } from './errors.js'

export interface Cancellation {
  signal: AbortSignal
  /** Stop listening (the command is over). */
  dispose(): void
}

export function cancelOnSignals(onSecond: (code: number) => void = (code) => process.exit(code)): Cancellation {
  const controller = new AbortController()
  const handler = (signal: 'SIGINT' | 'SIGTERM') => {
    if (controller.signal.aborted) {
      onSecond(signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated)
      return
    }
    controller.abort(new CancelledError(signal))
  }
  const onInt = () => handler('SIGINT')
  const onTerm = () => handler('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
    },
  }
}

/** Settle with `work`, or reject with the cancellation as soon as the signal aborts. */
export function untilCancelled<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
