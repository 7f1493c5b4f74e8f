#!/usr/bin/env node
// Entry point. Kept tiny: start-up time is a feature (see ARCHITECTURE.md, "Start-up budget").
import { readFileSync } from 'node:fs'
import module from 'node:module'

module.enableCompileCache?.() // Node >= 22.1; a no-op on 20

const argv = process.argv.slice(2)
if (argv.length === 1 && argv[0] === '--version') {
  // The same line oclif prints, without loading oclif to print it.
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`cloudops/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  const { run } = await import('@oclif/core/run')
  try {
    await run(argv, import.meta.url)
    const { flush } = await import('@oclif/core/flush')
    await flush()
  } catch (error) {
    const { handleTopLevelError } = await import('../dist/top-level-error.js')
    handleTopLevelError(error, argv)
  }
}
