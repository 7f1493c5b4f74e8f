// What the schema cannot say about a playbook: its actions and analyzers exist, steps refer only to earlier steps,
// templates refer only to declared params, and defaults bind to params each action accepts.
import { hasAction, loadAction } from '../actions/registry.js'
import { getAnalyzer } from '../analyzers/registry.js'
import type { DocumentProblem } from '../schema/validate-document.js'
import { schemaProblems, validatorForObject } from '../schema/validator.js'
import { parseYamlSource } from '../schema/yaml-source.js'
import { patternProblem } from './param-pattern.js'
import { checkParamValue } from './params.js'
import type { Playbook, PlaybookAnalysis, PlaybookParam, PlaybookStep } from './playbook.js'
import { substitute, templateRefs } from './template.js'

type Problem = { path: string[]; message: string }
type At = (...rest: string[]) => string[]

/** What every check reads: the declared params, the defaults that bind, and where problems go. */
interface Checking {
  declared: Record<string, PlaybookParam>
  defaults: Record<string, unknown>
  problems: Problem[]
}

/** Each param's pattern (user playbooks only) and default; valid defaults go into `c.defaults`. */
function checkParams(c: Checking, patterns: boolean): void {
  for (const [name, param] of Object.entries(c.declared)) {
    const bad = patterns && param.pattern !== undefined ? patternProblem(param.pattern) : undefined
    if (bad) {
      c.problems.push({ path: ['params', name, 'pattern'], message: bad })
      continue
    }
    if (param.default === undefined) continue
    const err = checkParamValue(name, param, param.default, { patterns })
    if (err) c.problems.push({ path: ['params', name, 'default'], message: err })
    else c.defaults[name] = param.default
  }
}

/** What a step says by itself and about earlier steps; adds its id to `seen`. */
function checkStepShape(c: Checking, pb: Playbook, step: PlaybookStep, seen: Set<string>, at: At): void {
  const problems = c.problems
  if (seen.has(step.id)) problems.push({ path: at('id'), message: `duplicate step id "${step.id}"` })
  for (const input of step.inputs ?? []) {
    if (!seen.has(input)) problems.push({ path: at('inputs'), message: `input "${input}" is not an earlier step` })
  }
  seen.add(step.id)
  const prefix = pb.metadata.provider === 'aws' ? 'aws.' : 'k8s.'
  if (!step.action.startsWith(prefix)) {
    problems.push({ path: at('action'), message: `${step.action} is not a ${pb.metadata.provider} action` })
  }
  if ((step.foreach || step.region) && pb.metadata.provider !== 'aws') {
    problems.push({ path: at('foreach'), message: 'foreach/region apply to AWS steps only' })
  }
  if (step.foreach && step.region) problems.push({ path: at('region'), message: 'use foreach or region, not both' })
  for (const ref of templateRefs(step.params ?? {})) {
    const name = ref.replace(/^params\./, '')
    if (!ref.startsWith('params.') || !Object.hasOwn(c.declared, name)) {
      problems.push({ path: at('params'), message: `\${${ref}} is not a declared param (only \${params.NAME})` })
    }
  }
}

/** The step's action exists, takes inputs if given any, and accepts the params (as far as defaults bind them). */
async function checkStepAction(c: Checking, step: PlaybookStep, at: At): Promise<void> {
  const problems = c.problems
  if (!hasAction(step.action)) {
    problems.push({ path: at('action'), message: `unknown action "${step.action}" (see \`cloudops actions list\`)` })
    return
  }
  const action = await loadAction(step.action)
  if (step.inputs?.length && !action.accepts_input_from) {
    problems.push({ path: at('inputs'), message: `${step.action} takes no input from other steps` })
  }
  try {
    const bound = substitute(step.params ?? {}, c.defaults)
    const validate = validatorForObject(action.params)
    if (!validate(bound)) {
      for (const p of schemaProblems(validate)) problems.push({ path: at('params'), message: `params: ${p.message}` })
    }
  } catch {
    // A template that needs a param with no default is checked when the plan binds it.
  }
}

/** The analyzer exists, its inputs name steps it reads, and its `with` fits its schema. */
function checkAnalysis(c: Checking, a: PlaybookAnalysis, steps: Set<string>, at: At): void {
  const problems = c.problems
  const analyzer = getAnalyzer(a.analyzer)
  if (!analyzer) {
    problems.push({ path: at('analyzer'), message: `unknown analyzer "${a.analyzer}"` })
    return
  }
  for (const [name, stepId] of Object.entries(a.inputs)) {
    if (!analyzer.inputs.some((x) => x.name === name)) {
      problems.push({ path: at('inputs', name), message: `${a.analyzer} has no input "${name}"` })
    }
    if (!steps.has(stepId)) problems.push({ path: at('inputs', name), message: `no step "${stepId}"` })
  }
  for (const input of analyzer.inputs) {
    if (!input.optional && !a.inputs[input.name]) {
      problems.push({ path: at('inputs'), message: `${a.analyzer} needs input "${input.name}"` })
    }
  }
  for (const ref of templateRefs(a.with ?? {})) {
    if (!ref.startsWith('params.') || !c.declared[ref.slice(7)]) {
      problems.push({ path: at('with'), message: `\${${ref}} is not a declared param` })
    }
  }
  const validate = validatorForObject(analyzer.with)
  if (!validate(substitute(a.with ?? {}, c.defaults))) {
    for (const p of schemaProblems(validate)) problems.push({ path: at('with'), message: `with: ${p.message}` })
  }
}

/** Shipped playbooks' patterns are checked by the tests, so loading them never loads the regex engine. */
export async function checkPlaybook(
  pb: Playbook,
  text: string,
  file: string,
  origin: 'shipped' | 'user' = 'user',
): Promise<DocumentProblem[]> {
  const c: Checking = { declared: pb.params ?? {}, defaults: {}, problems: [] }
  checkParams(c, origin === 'user')
  const seen = new Set<string>()
  for (const [i, step] of pb.steps.entries()) {
    const at = (...rest: string[]) => ['steps', String(i), ...rest]
    checkStepShape(c, pb, step, seen, at)
    await checkStepAction(c, step, at)
  }
  for (const [i, a] of pb.analyze.entries()) {
    checkAnalysis(c, a, seen, (...rest) => ['analyze', String(i), ...rest])
  }
  if (c.problems.length === 0) return []
  const source = parseYamlSource(text)
  return c.problems.map((p) => ({ file, line: source.lineOf(p.path), message: p.message }))
}
