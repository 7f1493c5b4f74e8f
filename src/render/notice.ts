// A line for a person on stderr: at a terminal, long lines break between words, indented, instead of where the
// screen cuts them; nothing in it can drive the terminal.
import { writeSafe } from './safe-text.js'
import type { TextOutput } from './std-output.js'
import { wrapText } from './wrap.js'

export function writeNotice(stream: TextOutput, message: string, colour: boolean): void {
  const width = stream.isTTY ? stream.columns : undefined
  const lines = message.split('\n').flatMap((l) => wrapText(l, width, '  '))
  stream.write(`${writeSafe(lines.join('\n'), colour)}\n`)
}
