// The build checks each shipped playbook once (scripts/shipped-yaml.js) and lists the sha256 of those it found
// sound; loading the catalogue then skips checking those again. This holds the list to what a full check says.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { resolvePaths } from '../../src/config/paths.js'
import { loadPlaybooks, readPlaybookFile, shippedPlaybooksDir, yamlFiles } from '../../src/planner/load.js'
import { sha256Hex } from '../../src/util/hash.js'

const checked = JSON.parse(readFileSync(new URL('../../dist/shipped-checked.json', import.meta.url), 'utf8'))
const files = yamlFiles(shippedPlaybooksDir)

describe('shipped playbooks checked at build time', () => {
  it('lists exactly the shipped files as they are now, each of which a full check accepts', async () => {
    expect(files.length).toBeGreaterThan(10)
    expect([...checked].sort()).toEqual(files.map((f) => sha256Hex(readFileSync(f, 'utf8'))).sort())
    for (const f of files) {
      const full = await readPlaybookFile(f, 'shipped')
      expect(full.ok, f).toBe(true)
    }
  })

  it('loads each one as the full check reads it', async () => {
    const loaded = await loadPlaybooks({ paths: resolvePaths({ HOME: '/nonexistent' }) })
    for (const f of files) {
      const full = await readPlaybookFile(f, 'shipped')
      if (!full.ok) throw new Error(`${f} does not load`)
      expect(loaded.find((p) => p.file === f)).toEqual(full.loaded)
    }
    expect(loaded.map((p) => p.file).sort()).toEqual([...files].sort())
  })
})
