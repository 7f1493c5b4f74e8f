// Preloaded with `node --import` by the start-up guard test: at exit, the Node built-ins the process loaded after
// this point, one line (BUILTINS-LOADED a b c).
const before = new Set(process.moduleLoadList)
process.on('exit', () => {
  const loaded = process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith('NativeModule '))
  process.stderr.write(`BUILTINS-LOADED ${loaded.map((m) => m.slice('NativeModule '.length)).join(' ')}\n`)
})
