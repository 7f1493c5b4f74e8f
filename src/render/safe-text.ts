// Text from outside (cloud data, logs, LLM text, user files) must never drive the terminal: a security group named
// "evil\x1b]52;c;…\x07" would write the clipboard, "\x1b[2J" would clear the screen (kubectl's CVE-2021-25743).
// Every character a terminal may interpret is shown escaped in human output, and \u-escaped in JSON and YAML (the
// value stays exact). Bidi overrides are included: they make a table read differently from what it holds.

/** C0 but tab and newline, DEL, C1, and the bidi/direction controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this file is for
const layoutUnsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
/** The same, with tab and newline too: for one table cell or one line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this file is for
const inlineUnsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
/** What JSON.stringify leaves raw (it escapes C0 itself): DEL, C1, bidi. */
const jsonUnsafe = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
/** The colour codes this program writes itself (SGR); nothing else from ESC on survives writeSafe. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this file is for
const ownSgr = /\u001b\[[0-9;]*m/y

const named: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\u001b': '\\e' }

const hex = (c: string) => {
  const code = c.charCodeAt(0)
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}
const visible = (c: string) => named[c] ?? hex(c)
const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/** One cell or one line of a table: every control character shown as an escape, newlines and tabs too. */
export function safeInline(value: string): string {
  return value.replace(inlineUnsafe, visible)
}

/** Free text for a person (a message, a block): controls shown escaped, newlines and tabs kept. */
export function safeText(value: string): string {
  return value.replace(layoutUnsafe, visible)
}

/** JSON text with the characters JSON.stringify leaves raw \u-escaped: the same value, harmless to print. */
export function safeJson(json: string): string {
  return json.replace(jsonUnsafe, unicodeEscape)
}

/** Whether a string holds a control a terminal may act on, tab and newline aside (YAML then double-quotes it). */
export function hasUnsafe(value: string): boolean {
  layoutUnsafe.lastIndex = 0
  return layoutUnsafe.test(value)
}

/** The last pass before a terminal: with colour, our own colour codes pass; every other control is shown escaped. */
export function writeSafe(text: string, colour: boolean): string {
  if (!colour) return safeText(text)
  let out = ''
  let plainFrom = 0
  for (let i = text.indexOf('\u001b'); i !== -1; i = text.indexOf('\u001b', i + 1)) {
    ownSgr.lastIndex = i
    if (!ownSgr.test(text)) continue
    out += safeText(text.slice(plainFrom, i)) + text.slice(i, ownSgr.lastIndex)
    plainFrom = ownSgr.lastIndex
    i = plainFrom - 1
  }
  return out + safeText(text.slice(plainFrom))
}
