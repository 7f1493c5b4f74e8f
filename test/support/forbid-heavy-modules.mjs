// Preloaded with `node --import` by the start-up guard test: reports any load of a heavy SDK, from ESM or CJS.
import Module, { register } from 'node:module'

// The MCP SDK and the Kubernetes client are either the package or the bundle's one file of it (dist/bundle/mcp-sdk.js,
// dist/bundle/k8s-client.js: scripts/bundle.js).
// CLOUDOPS_FORBID_EXTRA adds to the list (a regex source), for tests of a stricter budget.
const extra = process.env.CLOUDOPS_FORBID_EXTRA
const forbidden = new RegExp(
  `^(@aws-sdk/|@smithy/|@kubernetes/|openai(/|$)|@anthropic-ai/|@modelcontextprotocol/|@nats-io/|.*/(mcp-sdk|k8s-client)\\.js$${extra ? `|${extra}` : ''})`,
)
const report = (specifier) => process.stderr.write(`FORBIDDEN-MODULE-LOADED ${specifier}\n`)

// ESM: a resolve hook in the loader thread; it reports through its own stderr, which is the process's.
register(
  `data:text/javascript,${encodeURIComponent(`
    const forbidden = new RegExp(${JSON.stringify(forbidden.source)});
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
