// Nothing from outside may drive the terminal: every control a terminal may interpret is escaped, in every format,
// and the values JSON and YAML carry stay exact.
import { describe, expect, it } from 'vitest'
import { palette } from '../../src/render/colour.js'
import { renderOutput } from '../../src/render/output.js'
import { hasUnsafe, safeInline, safeJson, safeText, writeSafe } from '../../src/render/safe-text.js'
import { interpreted } from '../support/terminal.js'

const hostile = 'evil\u001b[2J\u001b]52;c;Y3VybCBldmlsLnNo\u0007name\u009b31m\u202etxt.exe\u007f\r'

describe('safe text', () => {
  it('shows every control escaped on one line, and keeps plain text exactly', () => {
    expect(safeInline(hostile)).toBe('evil\\e[2J\\e]52;c;Y3VybCBldmlsLnNo\\x07name\\x9b31m\\u202etxt.exe\\x7f\\r')
    expect(safeInline('a\tb\nc')).toBe('a\\tb\\nc')
    expect(safeInline('payment-api-7d9f (us-east-1) 日本語 ✓')).toBe('payment-api-7d9f (us-east-1) 日本語 ✓')
  })

  it('keeps newlines and tabs in free text, escapes the rest', () => {
    expect(safeText('line one\n\tline two\u001b[1m')).toBe('line one\n\tline two\\e[1m')
  })

  it('lets our own colour codes through only when colour is on', () => {
    const c = palette(true)
    const text = `${c.red('high')} ${safeInline('\u001b[8mhidden')} \u001b]0;title\u0007`
    const out = writeSafe(text, true)
    expect(out).toBe('\u001b[31mhigh\u001b[39m \\e[8mhidden \\e]0;title\\x07')
    expect(writeSafe(text, false)).not.toMatch(interpreted)
    expect(writeSafe('plain', true)).toBe('plain')
  })

  it('escapes what JSON.stringify leaves raw, so the parsed value is the same', () => {
    const json = safeJson(JSON.stringify({ name: hostile }))
    expect(json).not.toMatch(interpreted)
    expect(JSON.parse(json).name).toBe(hostile)
  })

  it('knows a harmless string from one a terminal acts on', () => {
    expect(hasUnsafe('bastion-ssh')).toBe(false)
    expect(hasUnsafe('tab\there\nand a newline')).toBe(false)
    expect(hasUnsafe('carriage\rreturn')).toBe(true)
    expect(hasUnsafe('\u202e')).toBe(true)
    expect(hasUnsafe(hostile)).toBe(true)
  })
})

describe('every output format', () => {
  const result = { group: hostile, [hostile]: 'key from outside', list: [hostile, 'ok'], plain: 'web' }
  const term = { colour: palette(false) }

  it.each(['json', 'yaml'] as const)('%s escapes every control and keeps the value exact', async (format) => {
    const text = renderOutput(format, result, term)
    expect(text).not.toMatch(interpreted)
    const { parse } = await import('yaml')
    expect(format === 'json' ? JSON.parse(text) : parse(text)).toEqual(result)
  })

  it.each(['table', 'markdown'] as const)('%s shows controls escaped', (format) => {
    const text = renderOutput(format, result, term, (r) => `group ${safeInline(r.group)}`)
    expect(writeSafe(text, false)).not.toMatch(interpreted)
  })

  it('YAML leaves harmless strings as they were', () => {
    expect(renderOutput('yaml', { name: 'web', note: 'two\nlines' }, term)).toBe(
      'name: web\nnote: |-\n  two\n  lines\n',
    )
  })
})
