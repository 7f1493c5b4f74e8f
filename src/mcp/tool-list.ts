// The tools `cloudops mcp` offers, as an agent sees them: names, what each is for (good enough for a model to pick),
// and input schemas made from the playbooks in force, so each playbook's params are typed for the agent.
import { paramSchema } from '../planner/params.js'
import type { LoadedPlaybook } from '../planner/playbook.js'

interface Tool {
  name: string
  description: string
  inputSchema: Record<string, unknown>
}

/** run_playbook's and plan's input: a playbook by name, an environment it may reach, and that playbook's params. */
function runSchema(playbooks: readonly LoadedPlaybook[], environments: readonly string[]) {
  // Each playbook's params, as the planner checks them: the agent sees which a playbook takes and of what type.
  const paramsFor = playbooks.map((p) => ({
    if: { properties: { name: { const: p.playbook.metadata.name } } },
    // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a promise
    then: {
      properties: {
        params: {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(
            Object.entries(p.playbook.params ?? {}).map(([k, d]) => [
              k,
              { ...paramSchema(d), description: d.description },
            ]),
          ),
        },
      },
    },
  }))
  return {
    type: 'object',
    properties: {
      name: {
        type: 'string',
        enum: playbooks.map((p) => p.playbook.metadata.name),
        description: 'The playbook (see list_playbooks).',
      },
      env: {
        type: 'string',
        enum: [...environments],
        description: `The environment to look at (reachable here: ${environments.join(', ')}).`,
      },
      params: { type: 'object', description: "The playbook's params (see describe_playbook)." },
    },
    required: ['name'],
    additionalProperties: false,
    allOf: paramsFor,
  }
}

/** The tool list, its schemas made from the playbooks in force (names, and each one's params). */
export function toolList(playbooks: readonly LoadedPlaybook[], environments: readonly string[]): Tool[] {
  const names = playbooks.map((p) => p.playbook.metadata.name)
  const catalogue = playbooks.map((p) => `${p.playbook.metadata.name}: ${p.playbook.metadata.description}`).join('\n')
  const run = runSchema(playbooks, environments)
  return [
    {
      name: 'list_playbooks',
      description:
        'List the read-only investigations cloudops can run on AWS and Kubernetes: each playbook with what it finds and its params. Start here to choose one.',
      inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    },
    {
      name: 'describe_playbook',
      description:
        'One playbook in full: its steps (the API calls it makes), params with types and defaults, and what each analyzer reports at which severity.',
      inputSchema: {
        type: 'object',
        properties: { name: { type: 'string', enum: names } },
        required: ['name'],
        additionalProperties: false,
      },
    },
    {
      name: 'plan',
      description:
        'A dry run: the steps a playbook would make and the policy decision for each, without calling any cloud API. Use it to see whether run_playbook would be allowed.',
      inputSchema: run,
    },
    {
      name: 'run_playbook',
      description: `Run one read-only playbook and get its findings, ranked by severity, with evidence. Steps run only if policy allows them outright. The playbooks:\n${catalogue}`,
      inputSchema: run,
    },
    {
      name: 'ask',
      description:
        'A question in plain words ("which pods are crashlooping in prod?"): understood as cloudops understands it at the CLI (the same confidence gate), planned and run like run_playbook. Refused with the candidates when unsure.',
      inputSchema: {
        type: 'object',
        properties: { question: { type: 'string', minLength: 1, maxLength: 2000 } },
        required: ['question'],
        additionalProperties: false,
      },
    },
    {
      name: 'audit_recent',
      description: "The latest runs in cloudops's audit log (any caller's): when, what, by whom, how it ended.",
      inputSchema: {
        type: 'object',
        properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 } },
        additionalProperties: false,
      },
    },
  ]
}
