// Renders the root help (`cloudops --help`) once, at build time, into dist/help.txt, so bin/run.js can print it
// without loading oclif, as it does for --version. Run by `npm run build` after the manifest.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'

const bin = new URL('../bin/run.js', import.meta.url).pathname
const text = execFileSync(process.execPath, [bin, '--help'], {
  env: { ...process.env, CLOUDOPS_NO_FAST_PATH: '1', COLUMNS: '80', NO_COLOR: '1' },
  encoding: 'utf8',
})
writeFileSync(new URL('../dist/help.txt', import.meta.url), text)
console.error('help: root help rendered')
