// Progress at a terminal: how soon after a command starts a person sees what the run will do, measured in a real
// pseudo-terminal (util-linux `script`) against a run on the servers, beside how long `cloudops version` takes to
// print at all (the command's own start-up, the floor).
import { spawn } from 'node:child_process'
import { type BenchEnv, binPath } from './env.js'

/** Milliseconds from spawn until `pattern` is on the terminal. */
function timeTo(args: string[], pattern: RegExp, env: Record<string, string>): Promise<number> {
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`
  const command = `stty cols 100 rows 50; exec ${[process.execPath, binPath, ...args].map(quote).join(' ')}`
  const start = process.hrtime.bigint()
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: { ...process.env, ...env, TERM: 'xterm-256color' },
    stdio: ['pipe', 'pipe', 'ignore'],
  })
  // The time it was seen, once the run has ended: a run cut short would hold the audit log's lock for the next one.
  return new Promise((resolve, reject) => {
    let out = ''
    let seenAt: number | undefined
    child.stdout.on('data', (d) => {
      out += d
      if (seenAt === undefined && pattern.test(out)) seenAt = Number(process.hrtime.bigint() - start) / 1e6
    })
    child.on('close', () => (seenAt === undefined ? reject(new Error(`not seen: ${pattern}`)) : resolve(seenAt)))
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

export async function progressSection(env: BenchEnv, rounds = 7): Promise<string[]> {
  const floor: number[] = []
  const first: number[] = []
  const live: number[] = []
  const run = ['run', 'aws-security-group-exposure', '--env', 'bench']
  for (let i = 0; i < rounds; i++) {
    floor.push(await timeTo(['version'], /cloudops \d/, env.vars))
    first.push(await timeTo(run, /Running aws-security-group-exposure/, env.vars))
    live.push(await timeTo(run, /groups@\S+ {2}aws\.ec2/, env.vars))
  }
  const f = median(floor)
  const row = (label: string, xs: number[], target?: number) =>
    `| ${label} | ${median(xs).toFixed(0)} ms | +${(median(xs) - f).toFixed(0)} ms | ${target ? `≤ +${target} ms ${median(xs) - f <= target ? 'met' : '**not met**'}` : '-'} |`
  return [
    `## Progress at a terminal (${rounds} rounds, a pseudo-terminal, 100 columns)`,
    '',
    '| what is on the screen | median from spawn | after `cloudops version` prints | target |',
    '| --- | ---: | ---: | --- |',
    row('`cloudops version` (the floor)', floor),
    row('"Running aws-security-group-exposure on bench …"', first, 200),
    row('the first live step line', live, 200),
    '',
  ]
}
