// The bundle's entry (scripts/bundle.js builds dist/bundle/cli.js from it and adds COMMANDS, every command class):
// what bin/run.js and oclif need, in one file, so start-up loads one module instead of oclif's and ours one by one.
export { flush } from '@oclif/core/flush'
export { run } from '@oclif/core/run'
// public: oclif's command_not_found hook (package.json oclif.hooks names it in the bundle)
export { default as notFound } from './hooks/not-found.js'
export { handleTopLevelError } from './top-level-error.js'
