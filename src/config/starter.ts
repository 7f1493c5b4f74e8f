// The commented starter file `cloudops config init` writes. Every line it sets is valid against the schema. It pins
// no LLM provider: an exported key is then used, and `offline` is only ever chosen on purpose.
export const starterConfig = `# cloudops configuration — see \`cloudops config show\` for what is in force.
# LLM keys never go here: they come from ANTHROPIC_API_KEY / OPENAI_API_KEY, or a 0600 file named by llm.key_file.

llm:
  # Left unset, the provider follows your keys: anthropic when ANTHROPIC_API_KEY is exported, else openai when
  # OPENAI_API_KEY is, else the offline parser (no key, no network call). Set here, it wins over any exported key.
  # provider: anthropic               # anthropic | openai | openai-compatible | offline
  # model: claude-haiku-4-5            # optional; each provider has a cheap default
  # base_url: http://127.0.0.1:11434/v1 # for openai-compatible servers (Ollama, vLLM, LM Studio, a gateway)
  # key_file: ~/.config/cloudops/llm.key
  min_confidence: 0.8
  # max_tokens_per_run: 4000

# What "prod", "staging" and "dev" mean for you. A question that names no environment targets \`default\`:
# the current kube context and the default AWS credential chain and region.
environments:
  prod:
    aws: { profile: prod, regions: [us-east-1, eu-west-1] }
    kubernetes: { context: prod-eks }
  staging:
    aws: { profile: staging, regions: [us-east-1] }
    kubernetes: { context: staging-eks }
  dev:
    aws: { regions: [us-east-1] }        # no profile: the default credential chain
    kubernetes: { context: kind-dev }
`
