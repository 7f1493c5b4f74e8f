#!/usr/bin/env -S node --import tsx
// Development entry point: runs src/ through tsx, without a build.
const { execute } = await import('@oclif/core')
await execute({ development: true, dir: import.meta.url })
