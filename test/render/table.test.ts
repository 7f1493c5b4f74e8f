// Tables for people: aligned, safe, and within the terminal's width when there is one (none in a pipe).
import { describe, expect, it } from 'vitest'
import { table } from '../../src/render/table.js'
import { displayWidth } from '../../src/render/width.js'
import { wrapText } from '../../src/render/wrap.js'

const rows = [
  {
    id: 'sg-0123456789abcdef0',
    region: 'us-east-1',
    title: 'bastion-ssh allows SSH from the internet (tcp 22) and nothing limits who can reach it',
  },
  {
    id: 'shop/payment-api-7d9f8b6c5-b2c4d',
    region: 'eu-west-1',
    title: '決済 サービス 停止中 (wide characters count twice)',
  },
]
const columns = [
  { header: 'resource', get: (r: (typeof rows)[number]) => r.id },
  { header: 'region', get: (r: (typeof rows)[number]) => r.region },
  { header: 'finding', get: (r: (typeof rows)[number]) => r.title },
]
const widest = (text: string) => Math.max(...text.split('\n').map(displayWidth))

describe('text tables', () => {
  it('in a pipe, keeps every cell whole on one line', () => {
    const text = table('table', rows, columns)
    expect(text.split('\n')).toHaveLength(3)
    expect(text).toContain(rows[0]?.title)
    expect(text.split('\n')[0]).toBe(`RESOURCE${' '.repeat(26)}REGION     FINDING`)
  })

  it.each([80, 60, 40])('at %i columns, no line is wider than the terminal and the finding wraps whole', (width) => {
    const text = table('table', rows, columns, { width })
    expect(widest(text)).toBeLessThanOrEqual(width)
    // The last column wraps, so every word of the finding is still there.
    for (const word of (rows[0]?.title ?? '').split(' ')) expect(text).toContain(word)
  })

  it('cuts a wide first column with an ellipsis only when the last one cannot give more room', () => {
    const text = table('table', rows, columns, { width: 40 })
    expect(text).toContain('…')
    expect(table('table', rows, columns, { width: 200 })).not.toContain('…')
  })

  it('measures wide characters as two columns', () => {
    const text = table(
      'table',
      [
        { a: '日本', b: 'x' },
        { a: 'ab', b: 'y' },
      ],
      [
        { header: 'a', get: (r) => r.a },
        { header: 'b', get: (r) => r.b },
      ],
    )
    const [, first, second] = text.split('\n')
    expect(first?.indexOf('x')).toBe((second?.indexOf('y') ?? 0) - 2) // 日本 is 2 characters, 4 columns
    expect(displayWidth(first ?? '')).toBe(displayWidth(second ?? ''))
  })

  it('escapes control characters in cells, in text and markdown', () => {
    const hostile = [{ a: 'x\u001b]52;c;AA\u0007|y' }]
    const cols = [{ header: 'a', get: (r: { a: string }) => r.a }]
    expect(table('table', hostile, cols)).toBe('A\nx\\e]52;c;AA\\x07|y')
    expect(table('markdown', hostile, cols)).toBe('| a |\n| --- |\n| x\\e]52;c;AA\\x07\\|y |')
  })

  it('colours a cell after measuring it, so colour never counts as width', () => {
    const text = table(
      'table',
      [{ s: 'ok' }, { s: 'failed' }],
      [
        { header: 's', get: (r) => r.s, style: (t) => `<${t}>` },
        { header: 'n', get: () => 1 },
      ],
    )
    expect(text.split('\n')).toEqual(['S       N', '<ok    >  1', '<failed>  1'])
  })
})

describe('displayWidth', () => {
  it('counts the narrow symbols it knows without string-width, as string-width would', async () => {
    const { default: stringWidth } = await import('string-width')
    const known = '— – … ’ “ ” • · ‼ → ← ✓ ✗ ⠋ ⠙ ⠏ é ü ñ ß ± ° ×'
    for (const c of known.split(' ')) expect(displayWidth(c), c).toBe(stringWidth(c))
    for (const wide of ['日', '🚀', '한']) expect(displayWidth(wide), wide).toBe(2)
    expect(displayWidth('e\u0301')).toBe(1) // a combining accent takes no column
  })
})

describe('wrapText', () => {
  it('wraps at spaces within the width, continuation lines indented', () => {
    expect(wrapText('one two three four five six', 14, '  ', '- ')).toEqual(['- one two', '  three four', '  five six'])
    expect(wrapText('no width: one line', undefined, '  ')).toEqual(['no width: one line'])
  })

  it('breaks a word longer than the line', () => {
    const lines = wrapText('x'.repeat(25), 10, '')
    expect(lines.every((l) => l.length <= 10)).toBe(true)
    expect(lines.join('')).toBe('x'.repeat(25))
  })
})
