// Colour for people at a terminal: on for a TTY, off in a pipe. NO_COLOR and --no-color turn it off, FORCE_COLOR
// turns it on (https://no-color.org, https://force-color.org); a dumb terminal gets none.
import { createRequire } from 'node:module'
import type { Colors } from 'picocolors/types.js'

interface Stream {
  isTTY?: boolean
}

/** Whether text written to this stream should be coloured. */
export function colourWanted(stream: Stream, noColourFlag = false, env = process.env): boolean {
  if (noColourFlag || (env.NO_COLOR ?? '') !== '') return false
  const force = env.FORCE_COLOR
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false'
  return Boolean(stream.isTTY) && env.TERM !== 'dumb'
}

const require = createRequire(import.meta.url)

/** picocolors with colour on or off (off: every function returns its text unchanged). Off, it is picocolors' build
 * without colour, whose loading does not read process.stdout: that makes Node's stdout stream, which for a pipe loads
 * node:net and the streams (src/render/std-output.ts). */
export function palette(enabled: boolean): Colors {
  if (!enabled) return (require('picocolors/picocolors.browser.js') as typeof import('picocolors')).createColors(false)
  const { createColors } = require('picocolors') as typeof import('picocolors')
  return createColors(true)
}
