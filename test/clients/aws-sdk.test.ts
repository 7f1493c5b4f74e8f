// The AWS SDK's packages are CommonJS: src/ loads each with require() (src/clients/aws-sdk.ts), never with import(),
// which first has Node scan the package's 2 MB entry file for ES module syntax and export names.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { awsSdk } from '../../src/clients/aws-sdk.js'

const src = new URL('../../src/', import.meta.url).pathname
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))

describe('awsSdk', () => {
  it('loads every AWS client package cloudops depends on', () => {
    const clients = Object.keys(pkg.dependencies).filter((d) => d.startsWith('@aws-sdk/client-'))
    const loaded = Object.values(awsSdk).map((load) => Object.keys(load()).find((k) => /^[A-Z]\w+Client$/.test(k)))
    expect(loaded).toHaveLength(clients.length)
    expect(loaded.sort()).toEqual(['CloudWatchClient', 'CostExplorerClient', 'EC2Client', 'S3Client', 'STSClient'])
  })

  it('is how src/ loads them: no import() of an @aws-sdk package anywhere (`typeof import()` in a type loads nothing)', () => {
    const files = readdirSync(src, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'))
    const offenders = files.filter((f) =>
      /(?<!typeof )\bimport\(\s*['"]@aws-sdk\//.test(readFileSync(join(src, f), 'utf8')),
    )
    expect(files.length).toBeGreaterThan(100)
    expect(offenders).toEqual([])
  })
})
