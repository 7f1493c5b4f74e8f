// Erasing an analyzer's options type so analyzers with different options share one list, without `any`.
import type { Analyzer, AnalyzerDefinition } from './types.js'

/**
 * The analyzer as the registry keeps it. The one unchecked step is reading the plan's options as `Options`: the
 * planner checks a playbook's `with` against this analyzer's own `with` schema, which `Options` describes.
 */
export function erase<Options extends object>(analyzer: AnalyzerDefinition<Options>): Analyzer {
  return { ...analyzer, analyze: (inputs, options, context) => analyzer.analyze(inputs, options as Options, context) }
}
