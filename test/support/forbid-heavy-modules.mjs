// Preloaded with `node --import` by the start-up guard test: reports any load of a heavy SDK, from ESM or CJS.
import Module, { register } from 'node:module'

const forbidden = /^(@aws-sdk\/|@smithy\/|@kubernetes\/|openai(\/|$)|@anthropic-ai\/)/
const report = (specifier) => process.stderr.write(`FORBIDDEN-MODULE-LOADED ${specifier}\n`)

// ESM: a resolve hook in the loader thread; it reports through its own stderr, which is the process's.
register(
  `data:text/javascript,${encodeURIComponent(`
    const forbidden = ${forbidden};
    export async function resolve(specifier, context, next) {
      if (forbidden.test(specifier)) process.stderr.write('FORBIDDEN-MODULE-LOADED ' + specifier + '\\n');
      return next(specifier, context);
    }`)}`,
)

// CJS: require() does not go through the ESM hooks on Node 20.
const originalLoad = Module._load
Module._load = function (request, ...rest) {
  if (forbidden.test(request)) report(request)
  return originalLoad.call(this, request, ...rest)
}
